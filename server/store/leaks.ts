// Counts of personal data the server's scan caught, per site, page, kind and element.
import type { Db } from './db.ts';
import type { LeakRow } from '../../contract/schemas/index.ts';
import type { Catch } from '../pii/scrub-events.ts';

export interface LeakCount {
  siteId: number;
  session: string;
  catches: Catch[];
  /** The chunk's time span: a catch whose event time is unknown or out of it is put at its end. */
  firstTs: number;
  lastTs: number;
  receivedAt: number;
}

export function leaksStore(db: Db) {
  // The page a catch was on: the session's page view current at the catch's time.
  const pageAt = db.prepare<[string, number], { page: string }>('SELECT page FROM page_views WHERE session_id = ? AND ts <= ? ORDER BY ts DESC LIMIT 1');
  // The page views begun inside a chunk's span: read once per chunk, not once per catch
  // (a chunk of thousands of catches made thousands of queries on the event loop).
  const pagesBetween = db.prepare<[string, number, number], { ts: number; page: string }>('SELECT ts, page FROM page_views WHERE session_id = ? AND ts > ? AND ts <= ? ORDER BY ts LIMIT 1000');
  const firstPage = db.prepare<[string], { page: string }>('SELECT page FROM page_views WHERE session_id = ? ORDER BY pv LIMIT 1');
  const add = db.prepare(
    `INSERT INTO privacy_leaks (site_id, page, kind, element, field, catches, first_at, last_at)
     VALUES (@siteId, @page, @kind, @element, @field, @n, @at, @at)
     ON CONFLICT (site_id, page, kind, element, field) DO UPDATE SET catches = catches + excluded.catches, last_at = max(last_at, excluded.last_at)`,
  );
  const list = db.prepare<[number], LeakRow>(
    `SELECT page, kind, element, field, catches, first_at AS firstAt, last_at AS lastAt FROM privacy_leaks
     WHERE site_id = ? ORDER BY catches DESC, last_at DESC, page, kind LIMIT 1000`,
  );

  return {
    /** Called inside the chunk's transaction, after its page views are written. */
    countLeaks(c: LeakCount): void {
      const counts = new Map<string, { page: string; kind: string; element: string; field: string; n: number }>();
      const before = (pageAt.get(c.session, c.firstTs) ?? firstPage.get(c.session))?.page ?? '';
      const inside = pagesBetween.all(c.session, c.firstTs, c.lastTs);
      for (const k of c.catches) {
        const ts = k.ts !== null && k.ts >= c.firstTs && k.ts <= c.lastTs ? k.ts : c.lastTs;
        const page = inside.findLast((p) => p.ts <= ts)?.page ?? before;
        const key = JSON.stringify([page, k.kind, k.element, k.field]);
        const known = counts.get(key);
        if (known) known.n++;
        else counts.set(key, { page, kind: k.kind, element: k.element, field: k.field, n: 1 });
      }
      for (const row of counts.values()) add.run({ ...row, siteId: c.siteId, at: c.receivedAt });
    },
    listLeaks: (siteId: number): LeakRow[] => list.all(siteId),
  };
}
