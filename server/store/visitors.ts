// Finding a visitor for the privacy desk: by id, by keyed hash of an external id, by session.
import type { Db } from './db.ts';

export type { VisitorRecord } from '../../contract/schemas/index.ts';
import type { VisitorRecord } from '../../contract/schemas/index.ts';

const COLUMNS = `v.site_id AS siteId, s.key AS site, v.id AS visitor, v.first_seen AS firstSeen, v.last_seen AS lastSeen,
  v.external_hash IS NOT NULL AS identified,
  (SELECT count(*) FROM sessions x WHERE x.site_id = v.site_id AND x.visitor_id = v.id) AS sessions
  FROM visitors v JOIN sites s ON s.id = v.site_id`;

type Row = Omit<VisitorRecord, 'identified'> & { identified: number };
const toRecord = (r: Row): VisitorRecord => ({ ...r, identified: r.identified === 1 });

export function visitorsStore(db: Db) {
  const byId = db.prepare<[string], Row>(`SELECT ${COLUMNS} WHERE v.id = ? ORDER BY v.first_seen`);
  const byExternal = db.prepare<[string], Row>(`SELECT ${COLUMNS} WHERE v.external_hash = ? ORDER BY v.first_seen`);
  const ofSession = db.prepare<[string], { visitor_id: string }>('SELECT visitor_id FROM sessions WHERE id = ?');
  const sessionIds = db.prepare<[number, string], { id: string }>('SELECT id FROM sessions WHERE site_id = ? AND visitor_id = ? ORDER BY started_at');
  return {
    visitorsById: (id: string): VisitorRecord[] => byId.all(id).map(toRecord),
    visitorsByExternalHash: (hash: string): VisitorRecord[] => byExternal.all(hash).map(toRecord),
    visitorOfSession: (session: string): string | null => ofSession.get(session)?.visitor_id ?? null,
    sessionIdsOf: (siteId: number, visitor: string): string[] => sessionIds.all(siteId, visitor).map((r) => r.id),
  };
}
