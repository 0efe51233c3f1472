// Counts of personal data the server's scan caught, per site, page, kind and element, on
// PostgreSQL. countLeaks runs inside the chunk writer's transaction (postgres/chunks.ts),
// on its client, after the chunk's page views are written.
import type { Pg, Queryable } from './db.ts';
import type { LeakCount } from '../leaks.ts';
import type { LeakRow } from '../../../contract/schemas/index.ts';
import type { StoreNamespaces } from '../contract.ts';

export type { LeakCount } from '../leaks.ts';

export async function countLeaks(c: LeakCount, on: Queryable): Promise<void> {
  if (c.catches.length === 0) return;
  // The page a catch was on: the session's page view current at the catch's time. The
  // page views begun inside the chunk's span are read once per chunk, not once per catch.
  const before =
    (await on.query<{ page: string }>('SELECT page FROM page_views WHERE session_id = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1', [c.session, c.firstTs])).rows[0] ??
    (await on.query<{ page: string }>('SELECT page FROM page_views WHERE session_id = $1 ORDER BY pv LIMIT 1', [c.session])).rows[0];
  const inside = (await on.query<{ ts: number; page: string }>('SELECT ts, page FROM page_views WHERE session_id = $1 AND ts > $2 AND ts <= $3 ORDER BY ts LIMIT 1000', [c.session, c.firstTs, c.lastTs])).rows;
  const counts = new Map<string, { page: string; kind: string; element: string; field: string; n: number }>();
  for (const k of c.catches) {
    const ts = k.ts !== null && k.ts >= c.firstTs && k.ts <= c.lastTs ? k.ts : c.lastTs;
    const page = inside.findLast((p) => p.ts <= ts)?.page ?? before?.page ?? '';
    const key = JSON.stringify([page, k.kind, k.element, k.field]);
    const known = counts.get(key);
    if (known) known.n++;
    else counts.set(key, { page, kind: k.kind, element: k.element, field: k.field, n: 1 });
  }
  // One statement for the chunk; rows in key order, so two chunks' transactions lock shared rows in the same order.
  const rows = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  await on.query(
    `INSERT INTO privacy_leaks (site_id, page, kind, element, field, catches, first_at, last_at)
     SELECT $1, page, kind, element, field, n, $2, $2 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) AS r(page, kind, element, field, n)
     ON CONFLICT (site_id, page, kind, element, field) DO UPDATE
       SET catches = privacy_leaks.catches + excluded.catches, last_at = GREATEST(privacy_leaks.last_at, excluded.last_at)`,
    [c.siteId, c.receivedAt, rows.map((r) => r.page), rows.map((r) => r.kind), rows.map((r) => r.element), rows.map((r) => r.field), rows.map((r) => r.n)],
  );
}

export function pgLeaksStore(pg: Pg) {
  return {
    listLeaks: (siteId: number): Promise<LeakRow[]> =>
      pg.rows<LeakRow>(
        `SELECT page, kind, element, field, catches, first_at AS "firstAt", last_at AS "lastAt" FROM privacy_leaks
         WHERE site_id = $1 ORDER BY catches DESC, last_at DESC, page, kind LIMIT 1000`,
        [siteId],
      ),
  } satisfies StoreNamespaces['leaks'];
}
