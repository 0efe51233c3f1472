// Re-keys a site's stored pages after its pageQueryKeys change, a batch per call, on
// PostgreSQL (the SQLite page-rekey.ts's job, same progress in sites.page_rekey, walking
// the rowid columns the schema gives page_views, survey_answers and survey_shows).
// Each batch first locks the site's row FOR NO KEY UPDATE: with several nodes only one
// runs a batch of a site's pass at a time, each reading the progress the last one saved;
// and since every chunk batch holds its sites' rows FOR SHARE (chunks.ts), no chunk
// is being written to the site meanwhile, so no row commits behind the pass's cursor
// and no click lands on a page view the batch is moving.
import type { Pg, Queryable } from './db.ts';
import type { PgHeatmapHoursStore } from './heatmap-hours.ts';
import { REKEY_BATCH, type pageRekeyStore } from '../page-rekey.ts';
import { hourKeyId, type HourKey } from '../heatmap-hours.ts';
import type { Async } from '../contract.ts';
import { HOUR_MS } from '../../heatmaps/hour-tile.ts';
import { pageKey } from '../../heatmaps/page-key.ts';

const TABLES = ['page_views', 'survey_answers', 'survey_shows'] as const;
type Table = (typeof TABLES)[number];
interface Progress { table: Table; after: number }

export function pgPageRekeyStore(pg: Pg, hours: PgHeatmapHoursStore) {
  async function rekeyViews(c: Queryable, siteId: number, keys: string[], after: number): Promise<number | null> {
    const rows = await pg.rows<{ rowid: number; session: string; pv: number; url: string; page: string; device: string; ts: number }>(
      'SELECT rowid, session_id AS session, pv, url, page, device, ts FROM page_views WHERE site_id = $1 AND rowid > $2 ORDER BY rowid LIMIT $3',
      [siteId, after, REKEY_BATCH], c,
    );
    const touched = new Map<string, HourKey>();
    const touch = (page: string, device: string, hour: number) => {
      const key = { siteId, page, device, hour };
      touched.set(hourKeyId(key), key);
    };
    const moves = rows.map((r) => ({ ...r, to: pageKey(r.url, keys) })).filter((r) => r.to !== r.page);
    if (moves.length) {
      const sessions = moves.map((m) => m.session);
      const pvs = moves.map((m) => m.pv);
      const clickHours = await pg.rows<{ i: number; hour: number }>(
        `SELECT DISTINCT k.i, c.ts / ${HOUR_MS} AS hour FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS k(session_id, pv, i)
         JOIN clicks c ON c.session_id = k.session_id AND c.pv = k.pv`,
        [sessions, pvs], c,
      );
      const hoursOf = moves.map((m) => [Math.floor(m.ts / HOUR_MS)]);
      for (const h of clickHours) hoursOf[h.i - 1]!.push(h.hour);
      moves.forEach((m, i) => {
        for (const hour of hoursOf[i]!) {
          touch(m.page, m.device, hour);
          touch(m.to, m.device, hour);
        }
      });
      // A batch's moves in two statements, not two per page view: ingest of the site waits for this transaction.
      const MOVE = (table: string) =>
        `UPDATE ${table} t SET page = k.page FROM unnest($1::text[], $2::bigint[], $3::text[]) AS k(session_id, pv, page) WHERE t.session_id = k.session_id AND t.pv = k.pv`;
      await pg.run(MOVE('page_views'), [sessions, pvs, moves.map((m) => m.to)], c);
      await pg.run(MOVE('clicks'), [sessions, pvs, moves.map((m) => m.to)], c);
    }
    await hours.recomputeHours(touched.values(), c);
    return rows.length < REKEY_BATCH ? null : rows[rows.length - 1]!.rowid;
  }

  // Answers and showings kept only their page key; the session's page view at that moment
  // still holds the URL, so they follow it. Without a session (surveys consented, replay
  // not) the old key is all there is: undeclared parameters leave it, none can join.
  async function rekeySurveyRows(c: Queryable, table: 'survey_answers' | 'survey_shows', siteId: number, keys: string[], after: number): Promise<number | null> {
    // Each row with the URL of its session's page view at that moment, if any.
    const rows = await pg.rows<{ rowid: number; page: string; url: string | null }>(
      `SELECT r.rowid, r.page, v.url FROM (SELECT rowid, session_id, page, ts FROM ${table} WHERE site_id = $1 AND rowid > $2 ORDER BY rowid LIMIT $3) r
       LEFT JOIN LATERAL (SELECT url FROM page_views p WHERE p.session_id = r.session_id AND p.ts <= r.ts ORDER BY p.ts DESC, p.pv DESC LIMIT 1) v ON true
       ORDER BY r.rowid`,
      [siteId, after, REKEY_BATCH], c,
    );
    const moves: { rowid: number; page: string }[] = [];
    for (const r of rows) {
      // The page view is the answer's page only if it has the same path (an SPA may have moved on since).
      const source = r.url !== null && pageKey(r.url) === pageKey(r.page) ? r.url : r.page;
      const page = pageKey(source, keys);
      if (page !== r.page) moves.push({ rowid: r.rowid, page });
    }
    if (moves.length) {
      // An answer's url holds its page key (the full URL is never kept), so both move together.
      const set = table === 'survey_answers' ? 'page = k.page, url = k.page' : 'page = k.page';
      await pg.run(
        `UPDATE ${table} t SET ${set} FROM unnest($1::bigint[], $2::text[]) AS k(rowid, page) WHERE t.rowid = k.rowid`,
        [moves.map((m) => m.rowid), moves.map((m) => m.page)], c,
      );
    }
    return rows.length < REKEY_BATCH ? null : rows[rows.length - 1]!.rowid;
  }

  return {
    /** Starts (or restarts, after another change) the site's pass from its first row. */
    async startRekey(siteId: number): Promise<void> {
      await pg.run('UPDATE sites SET page_rekey = $1 WHERE id = $2', [JSON.stringify({ table: 'page_views', after: 0 } satisfies Progress), siteId]);
    },
    /** One batch of the site's pass; false once the pass is done (or there was none). */
    rekeyStep: (siteId: number): Promise<boolean> =>
      pg.tx(async (c) => {
        const site = await pg.row<{ page_rekey: string | null; page_query_keys: string }>(
          'SELECT page_rekey, page_query_keys FROM sites WHERE id = $1 FOR NO KEY UPDATE', [siteId], c,
        );
        if (!site?.page_rekey) return false;
        const at = JSON.parse(site.page_rekey) as Progress;
        const keys = JSON.parse(site.page_query_keys) as string[];
        const after = at.table === 'page_views' ? await rekeyViews(c, siteId, keys, at.after) : await rekeySurveyRows(c, at.table, siteId, keys, at.after);
        const nextTable = TABLES[TABLES.indexOf(at.table) + 1];
        const next: Progress | null = after !== null ? { table: at.table, after } : nextTable ? { table: nextTable, after: 0 } : null;
        await pg.run('UPDATE sites SET page_rekey = $1 WHERE id = $2', [next && JSON.stringify(next), siteId], c);
        return next !== null;
      }),
    /** Sites whose pass has not finished, e.g. when the server stopped during one. */
    sitesRekeying: async (): Promise<number[]> =>
      (await pg.rows<{ id: number }>('SELECT id FROM sites WHERE page_rekey IS NOT NULL ORDER BY id')).map((r) => r.id),
  } satisfies Async<ReturnType<typeof pageRekeyStore>>;
}
