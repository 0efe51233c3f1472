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
    for (const r of rows) {
      const page = pageKey(r.url, keys);
      if (page === r.page) continue;
      const clickHours = await pg.rows<{ hour: number }>(`SELECT DISTINCT ts / ${HOUR_MS} AS hour FROM clicks WHERE session_id = $1 AND pv = $2`, [r.session, r.pv], c);
      for (const hour of [Math.floor(r.ts / HOUR_MS), ...clickHours.map((h) => h.hour)]) {
        touch(r.page, r.device, hour);
        touch(page, r.device, hour);
      }
      await pg.run('UPDATE page_views SET page = $1 WHERE session_id = $2 AND pv = $3', [page, r.session, r.pv], c);
      await pg.run('UPDATE clicks SET page = $1 WHERE session_id = $2 AND pv = $3', [page, r.session, r.pv], c);
    }
    await hours.recomputeHours(touched.values(), c);
    return rows.length < REKEY_BATCH ? null : rows[rows.length - 1]!.rowid;
  }

  // Answers and showings kept only their page key; the session's page view at that moment
  // still holds the URL, so they follow it. Without a session (surveys consented, replay
  // not) the old key is all there is: undeclared parameters leave it, none can join.
  async function rekeySurveyRows(c: Queryable, table: 'survey_answers' | 'survey_shows', siteId: number, keys: string[], after: number): Promise<number | null> {
    const rows = await pg.rows<{ rowid: number; session: string | null; page: string; ts: number }>(
      `SELECT rowid, session_id AS session, page, ts FROM ${table} WHERE site_id = $1 AND rowid > $2 ORDER BY rowid LIMIT $3`,
      [siteId, after, REKEY_BATCH], c,
    );
    for (const r of rows) {
      const view = r.session
        ? await pg.row<{ url: string }>('SELECT url FROM page_views WHERE session_id = $1 AND ts <= $2 ORDER BY ts DESC, pv DESC LIMIT 1', [r.session, r.ts], c)
        : undefined;
      // The page view is the answer's page only if it has the same path (an SPA may have moved on since).
      const source = view !== undefined && pageKey(view.url) === pageKey(r.page) ? view.url : r.page;
      const page = pageKey(source, keys);
      if (page === r.page) continue;
      // An answer's url holds its page key (the full URL is never kept), so both move together.
      if (table === 'survey_answers') await pg.run('UPDATE survey_answers SET page = $1, url = $1 WHERE rowid = $2', [page, r.rowid], c);
      else await pg.run('UPDATE survey_shows SET page = $1 WHERE rowid = $2', [page, r.rowid], c);
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
