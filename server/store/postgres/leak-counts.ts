// Counts of personal data the server's scan caught, added in the chunk's own transaction:
// the SQLite leaks store's countLeaks (leaks.ts there) on PostgreSQL. The counts are
// added with catches = catches + n, so two nodes counting at once both count.
import type { Pg, Queryable } from './db.ts';
import type { LeakCount } from '../leaks.ts';

/** Call inside the chunk's transaction (`on`), after its page views are written. */
export async function countLeaks(pg: Pg, on: Queryable, c: LeakCount): Promise<void> {
  // The page a catch was on: the session's page view current at the catch's time. The page
  // views begun inside the chunk's span are read once per chunk, not once per catch.
  const at = await pg.row<{ page: string }>('SELECT page FROM page_views WHERE session_id = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1', [c.session, c.firstTs], on);
  const first = at ?? (await pg.row<{ page: string }>('SELECT page FROM page_views WHERE session_id = $1 ORDER BY pv LIMIT 1', [c.session], on));
  const before = first?.page ?? '';
  const inside = await pg.rows<{ ts: number; page: string }>(
    'SELECT ts, page FROM page_views WHERE session_id = $1 AND ts > $2 AND ts <= $3 ORDER BY ts LIMIT 1000', [c.session, c.firstTs, c.lastTs], on,
  );
  const counts = new Map<string, { page: string; kind: string; element: string; field: string; n: number }>();
  for (const k of c.catches) {
    const ts = k.ts !== null && k.ts >= c.firstTs && k.ts <= c.lastTs ? k.ts : c.lastTs;
    const page = inside.findLast((p) => p.ts <= ts)?.page ?? before;
    const key = JSON.stringify([page, k.kind, k.element, k.field]);
    const known = counts.get(key);
    if (known) known.n++;
    else counts.set(key, { page, kind: k.kind, element: k.element, field: k.field, n: 1 });
  }
  for (const row of counts.values()) {
    await pg.run(
      `INSERT INTO privacy_leaks (site_id, page, kind, element, field, catches, first_at, last_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
       ON CONFLICT (site_id, page, kind, element, field) DO UPDATE SET catches = privacy_leaks.catches + excluded.catches,
         last_at = GREATEST(privacy_leaks.last_at, excluded.last_at)`,
      [c.siteId, row.page, row.kind, row.element, row.field, row.n, c.receivedAt], on,
    );
  }
}
