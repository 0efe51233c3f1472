// Finding a visitor for the privacy desk on PostgreSQL: by id, by keyed hash of an external id, by session.
import type { Pg } from './db.ts';
import type { VisitorRecord } from '../visitors.ts';
import type { StoreNamespaces } from '../contract.ts';

// Aliases quoted: PostgreSQL folds unquoted names to lower case.
const COLUMNS = `v.site_id AS "siteId", s.key AS site, v.id AS visitor, v.first_seen AS "firstSeen", v.last_seen AS "lastSeen",
  v.external_hash IS NOT NULL AS identified,
  (SELECT count(*) FROM sessions x WHERE x.site_id = v.site_id AND x.visitor_id = v.id) AS sessions
  FROM visitors v JOIN sites s ON s.id = v.site_id`;

export function pgVisitorsStore(pg: Pg) {
  return {
    visitorsById: (id: string): Promise<VisitorRecord[]> => pg.rows<VisitorRecord>(`SELECT ${COLUMNS} WHERE v.id = $1 ORDER BY v.first_seen`, [id]),
    visitorsByExternalHash: (hash: string): Promise<VisitorRecord[]> => pg.rows<VisitorRecord>(`SELECT ${COLUMNS} WHERE v.external_hash = $1 ORDER BY v.first_seen`, [hash]),
    visitorOfSession: async (session: string): Promise<string | null> =>
      (await pg.row<{ visitor_id: string }>('SELECT visitor_id FROM sessions WHERE id = $1', [session]))?.visitor_id ?? null,
    sessionIdsOf: async (siteId: number, visitor: string): Promise<string[]> =>
      (await pg.rows<{ id: string }>('SELECT id FROM sessions WHERE site_id = $1 AND visitor_id = $2 ORDER BY started_at', [siteId, visitor])).map((r) => r.id),
  } satisfies StoreNamespaces['visitors'];
}
