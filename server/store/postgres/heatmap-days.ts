// Day sums of the hourly counters on PostgreSQL (the SQLite heatmap-days.ts's job). With
// several nodes a day's sum can be deleted by a late chunk between two reads, so the whole
// days are read in one statement, one snapshot: each day from its sum where it has one,
// else from its hours. Summing ended days first only makes that read cheaper.
import type { Pg } from './db.ts';
import { PG_COLUMNS, PG_COLUMNS_NO_CELLS, lockWholeDays, type PgHeatmapHoursStore } from './heatmap-hours.ts';
import { addRows, tileColumns, type HourRow } from '../heatmap-hours.ts';
import { DAY_HOURS, HOUR_MS, addTile, emptyTile, splitWhole } from '../../heatmaps/hour-tile.ts';
import type { HeatmapCounts } from '../../heatmaps/counts.ts';

interface PageKey { siteId: number; page: string; device: string }

const KEY = 'site_id = $1 AND page = $2 AND device = $3';

export function pgHeatmapDaysStore(pg: Pg, hours: PgHeatmapHoursStore) {
  /** Sums these ended days from their hours, under the days' locks, so no hour changes meanwhile. */
  const sumDays = (k: PageKey, days: readonly number[]) =>
    pg.tx(async (c) => {
      await lockWholeDays(k, days, c);
      for (const day of days) {
        const t = emptyTile();
        for (const hour of await hours.tilesOf(k, day * DAY_HOURS, (day + 1) * DAY_HOURS - 1, c)) addTile(t, hour);
        if (t.clicks <= 0 && t.pageViews <= 0) continue; // its hours went meanwhile
        const col = tileColumns(t);
        await c.query(
          `INSERT INTO heatmap_days (site_id, page, device, day, clicks, rage, dead, cells, selectors, page_views, doc_w, doc_h, fold_sum, reached)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (site_id, page, device, day) DO UPDATE SET clicks = excluded.clicks, rage = excluded.rage, dead = excluded.dead,
             cells = excluded.cells, selectors = excluded.selectors, page_views = excluded.page_views, doc_w = excluded.doc_w,
             doc_h = excluded.doc_h, fold_sum = excluded.fold_sum, reached = excluded.reached`,
          [k.siteId, k.page, k.device, day, col.clicks, col.rage, col.dead, col.cells, col.selectors, col.pageViews, col.docWidth, col.docHeight, col.foldSum, col.reached],
        );
      }
    });

  const wholeDays = (withCells: boolean) => {
    const cols = withCells ? PG_COLUMNS : PG_COLUMNS_NO_CELLS;
    return `SELECT ${cols.replace('hour,', 'day AS hour,')} FROM heatmap_days WHERE ${KEY} AND day BETWEEN $4 AND $5
      UNION ALL
      SELECT ${cols.replace('hour,', 'h.hour,')} FROM heatmap_hours h WHERE ${KEY} AND hour BETWEEN $4 * ${DAY_HOURS} AND ($5 + 1) * ${DAY_HOURS} - 1
        AND NOT EXISTS (SELECT 1 FROM heatmap_days d WHERE d.site_id = h.site_id AND d.page = h.page AND d.device = h.device AND d.day = h.hour / ${DAY_HOURS})`;
  };

  return {
    /**
     * Adds the whole hours `first`..`last` of one page and device to `into` (their
     * 8 px cells too unless `withCells` is false): whole days from their sums, the
     * hours around them, and today's, still being counted, from the hours.
     */
    async addCounted(into: HeatmapCounts, f: PageKey, first: number, last: number, withCells = true): Promise<void> {
      const k = { siteId: f.siteId, page: f.page, device: f.device };
      const whole = splitWhole(first, last, DAY_HOURS);
      for (const [a, b] of whole.edges) await hours.addHours(into, k, a, b, withCells);
      if (whole.first > whole.last) return;
      const ended = Math.floor(Date.now() / (DAY_HOURS * HOUR_MS)) - 1;
      const unsummed = await pg.rows<{ day: number }>(
        `SELECT DISTINCT h.hour / ${DAY_HOURS} AS day FROM heatmap_hours h WHERE ${KEY} AND hour BETWEEN $4 AND $5
           AND NOT EXISTS (SELECT 1 FROM heatmap_days d WHERE d.site_id = h.site_id AND d.page = h.page AND d.device = h.device AND d.day = h.hour / ${DAY_HOURS})
         ORDER BY 1`,
        [k.siteId, k.page, k.device, whole.first * DAY_HOURS, (Math.min(whole.last, ended) + 1) * DAY_HOURS - 1],
      );
      if (unsummed.length) await sumDays(k, unsummed.map((r) => r.day));
      addRows(into, await pg.rows<HourRow>(wholeDays(withCells), [k.siteId, k.page, k.device, whole.first, whole.last]));
    },
  };
}
