// Day sums of the hourly counters (table heatmap_days): a month's heatmap reads 30 rows
// instead of 720, and sums each 8 px cell once a day rather than once an hour. A day
// that has ended is summed from its hours the first time a heatmap reads it, and
// heatmap-hours.ts deletes that sum whenever one of the day's hours changes (a late
// chunk, erasure, retention), so the next read sums it again: the counts stay exact.
import type { Db } from './db.ts';
import { COLUMNS, addRows, tileColumns, type HeatmapHoursStore, type HourRow } from './heatmap-hours.ts';
import { DAY_HOURS, HOUR_MS, addTile, emptyTile, splitWhole } from '../heatmaps/hour-tile.ts';
import type { HeatmapCounts } from '../heatmaps/counts.ts';

interface PageKey { siteId: number; page: string; device: string }
type Span = PageKey & { first: number; last: number };

const KEY = 'site_id = @siteId AND page = @page AND device = @device';
const DAY_COLUMNS = COLUMNS.replace('hour,', 'day AS hour,');

export function heatmapDaysStore(db: Db, hours: HeatmapHoursStore) {
  const days = db.prepare<[Span], HourRow>(`SELECT ${DAY_COLUMNS} FROM heatmap_days WHERE ${KEY} AND day BETWEEN @first AND @last`);
  const daysNoCells = db.prepare<[Span], HourRow>(`SELECT ${DAY_COLUMNS.replace('cells,', "x'' AS cells,")} FROM heatmap_days WHERE ${KEY} AND day BETWEEN @first AND @last`);
  const summed = db.prepare<[Span], number>(`SELECT day FROM heatmap_days WHERE ${KEY} AND day BETWEEN @first AND @last`).pluck();
  const counted = db.prepare<[Span], number>(`SELECT DISTINCT hour / ${DAY_HOURS} FROM heatmap_hours WHERE ${KEY} AND hour BETWEEN @first AND @last`).pluck();
  const put = db.prepare(
    `INSERT OR REPLACE INTO heatmap_days (site_id, page, device, day, clicks, rage, dead, cells, selectors, page_views, doc_w, doc_h, fold_sum, reached)
     VALUES (@siteId, @page, @device, @day, @clicks, @rage, @dead, @cells, @selectors, @pageViews, @docWidth, @docHeight, @foldSum, @reached)`,
  );
  const sumDays = db.transaction((k: PageKey, list: readonly number[]) => {
    for (const day of list) {
      const t = emptyTile();
      for (const hour of hours.tilesOf(k, day * DAY_HOURS, (day + 1) * DAY_HOURS - 1)) addTile(t, hour);
      put.run({ ...k, day, ...tileColumns(t) });
    }
  });

  return {
    /**
     * Adds the whole hours `first`..`last` of one page and device to `into` (their
     * 8 px cells too unless `withCells` is false): whole days from their sums, the
     * hours around them, and today's, still being counted, from the hours.
     */
    addCounted(into: HeatmapCounts, f: PageKey, first: number, last: number, withCells = true): void {
      const k = { siteId: f.siteId, page: f.page, device: f.device };
      const whole = splitWhole(first, last, DAY_HOURS);
      for (const [a, b] of whole.edges) hours.addHours(into, k, a, b, withCells);
      if (whole.first > whole.last) return;
      const span = { ...k, first: whole.first, last: whole.last };
      const have = new Set(summed.all(span));
      const missing = counted.all({ ...k, first: whole.first * DAY_HOURS, last: (whole.last + 1) * DAY_HOURS - 1 }).filter((d) => !have.has(d));
      const ended = Math.floor(Date.now() / (DAY_HOURS * HOUR_MS)) - 1;
      sumDays(k, missing.filter((d) => d <= ended));
      addRows(into, (withCells ? days : daysNoCells).iterate(span));
      for (const d of missing) if (d > ended) hours.addHours(into, k, d * DAY_HOURS, (d + 1) * DAY_HOURS - 1, withCells);
    },
  };
}
