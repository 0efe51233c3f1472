// Heatmap counters per (site, page, device, UTC hour): added to in the chunk's own
// transaction at ingest, recomputed from the remaining rows when erasure or
// retention removes clicks or page views, read by summing the hours of a range.
import type { Db } from './db.ts';
import { DAY_HOURS, HOUR_MS, TILE_CELL, addClick, addTile, addView, emptyTile, moveReach, packCells, unpackCells, type HourTile, type TileClick, type TileView } from '../heatmaps/hour-tile.ts';
import { addCounts, type HeatmapCounts } from '../heatmaps/counts.ts';

export interface HourKey { siteId: number; page: string; device: string; hour: number }

export interface HourRow { hour: number; clicks: number; rage: number; dead: number; cells: Buffer; selectors: string; pageViews: number; docWidth: number; docHeight: number; foldSum: number; reached: string }

export const COLUMNS = `hour, clicks, rage, dead, cells, selectors, page_views AS pageViews, doc_w AS docWidth, doc_h AS docHeight, fold_sum AS foldSum, reached`;

/** One string per hour key, for sets and maps of them. */
export const hourKeyId = (k: HourKey): string => `${k.siteId}\u0000${k.device}\u0000${k.hour}\u0000${k.page}`;

/** The changes one group-commit batch makes, per hour; applied once per hour at its end. */
export class HourTally {
  readonly hours = new Map<string, { key: HourKey; delta: HourTile }>();

  private deltaOf(siteId: number, page: string, device: string, ts: number): HourTile {
    const key = { siteId, page, device, hour: Math.floor(ts / HOUR_MS) };
    const id = hourKeyId(key);
    let entry = this.hours.get(id);
    if (!entry) this.hours.set(id, (entry = { key, delta: emptyTile() }));
    return entry.delta;
  }

  click(siteId: number, page: string, device: string, ts: number, c: TileClick): void {
    addClick(this.deltaOf(siteId, page, device, ts), c);
  }

  view(siteId: number, page: string, device: string, ts: number, v: TileView): void {
    addView(this.deltaOf(siteId, page, device, ts), v);
  }

  /** A page view (of hour `ts`) scrolled deeper than before. */
  scrolled(siteId: number, page: string, device: string, ts: number, before: TileView, after: TileView): void {
    moveReach(this.deltaOf(siteId, page, device, ts), before, after);
  }
}

export function tileOf(row: HourRow): HourTile {
  return {
    clicks: row.clicks, rage: row.rage, dead: row.dead, cells: unpackCells(row.cells),
    selectors: new Map(Object.entries(JSON.parse(row.selectors) as Record<string, number>)),
    pageViews: row.pageViews, docWidth: row.docWidth, docHeight: row.docHeight, foldSum: row.foldSum, reached: JSON.parse(row.reached) as number[],
  };
}

/** A tile as the columns of its row (heatmap_hours and heatmap_days alike). */
export const tileColumns = (t: HourTile) => ({
  clicks: t.clicks, rage: t.rage, dead: t.dead, cells: packCells(t.cells), selectors: JSON.stringify(Object.fromEntries(t.selectors)),
  pageViews: t.pageViews, docWidth: t.docWidth, docHeight: t.docHeight, foldSum: t.foldSum, reached: JSON.stringify(t.reached),
});

/** Adds counter rows to `into`, their cells kept packed. */
export function addRows(into: HeatmapCounts, rows: Iterable<HourRow>): void {
  for (const row of rows) addCounts(into, tileOf({ ...row, cells: NO_CELLS }), { cell: TILE_CELL, packed: row.cells });
}

const NO_CELLS = Buffer.alloc(0);

export function heatmapHoursStore(db: Db) {
  const one = db.prepare<[HourKey], HourRow>(`SELECT ${COLUMNS} FROM heatmap_hours WHERE site_id = @siteId AND page = @page AND device = @device AND hour = @hour`);
  const put = db.prepare(
    `INSERT OR REPLACE INTO heatmap_hours (site_id, page, device, hour, clicks, rage, dead, cells, selectors, page_views, doc_w, doc_h, fold_sum, reached)
     VALUES (@siteId, @page, @device, @hour, @clicks, @rage, @dead, @cells, @selectors, @pageViews, @docWidth, @docHeight, @foldSum, @reached)`,
  );
  const drop = db.prepare<[HourKey]>('DELETE FROM heatmap_hours WHERE site_id = @siteId AND page = @page AND device = @device AND hour = @hour');
  const RANGE = `FROM heatmap_hours WHERE site_id = @siteId AND page = @page AND device = @device AND hour BETWEEN @first AND @last`;
  const range = db.prepare<[{ siteId: number; page: string; device: string; first: number; last: number }], HourRow>(`SELECT ${COLUMNS} ${RANGE}`);
  // Without the cells (most of each row's bytes), for maps whose cells the counters cannot make.
  const rangeNoCells = db.prepare<[{ siteId: number; page: string; device: string; first: number; last: number }], HourRow>(`SELECT ${COLUMNS.replace('cells, ', "x'' AS cells, ")} ${RANGE}`);
  const hourClicks = db.prepare<[HourKey & { from: number; to: number }], { x: number; y: number; selector: string; rage: number; dead: number }>(
    `SELECT x, y, selector, rage, dead FROM clicks
     WHERE site_id = @siteId AND page = @page AND device = @device AND CAST(ts / ${HOUR_MS} AS INTEGER) = @hour AND ts BETWEEN @from AND @to`,
  );
  const hourViews = db.prepare<[HourKey & { from: number; to: number }], TileView>(
    `SELECT viewport_h AS viewportHeight, doc_w AS docWidth, doc_h AS docHeight, max_scroll AS maxScroll FROM page_views
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to`,
  );
  const anyHour = db.prepare('SELECT 1 FROM heatmap_hours LIMIT 1');
  const anyFact = db.prepare('SELECT 1 FROM page_views UNION ALL SELECT 1 FROM clicks LIMIT 1');
  const allKeys = db.prepare<[], HourKey>(
    `SELECT site_id AS siteId, page, device, CAST(ts / ${HOUR_MS} AS INTEGER) AS hour FROM clicks
     UNION SELECT site_id, page, device, CAST(ts / ${HOUR_MS} AS INTEGER) FROM page_views`,
  );

  // The day's sum (heatmap-days.ts) no longer holds once one of its hours changes.
  const dropDay = db.prepare<[{ siteId: number; page: string; device: string; day: number }]>(
    'DELETE FROM heatmap_days WHERE site_id = @siteId AND page = @page AND device = @device AND day = @day',
  );

  /** Every change to an hour's counters goes through here. */
  function write(key: HourKey, t: HourTile): void {
    dropDay.run({ siteId: key.siteId, page: key.page, device: key.device, day: Math.floor(key.hour / DAY_HOURS) });
    if (t.clicks <= 0 && t.pageViews <= 0) drop.run(key);
    else put.run({ ...key, ...tileColumns(t) });
  }

  /** An hour's counters made again from the clicks and page views that are left. */
  function recompute(key: HourKey): void {
    const span = { ...key, from: key.hour * HOUR_MS, to: (key.hour + 1) * HOUR_MS - 1 };
    const t = emptyTile();
    for (const c of hourClicks.iterate(span)) addClick(t, { ...c, rage: c.rage === 1, dead: c.dead === 1 });
    for (const v of hourViews.iterate(span)) addView(t, v);
    write(key, t);
  }

  const backfill = db.transaction(() => {
    for (const key of allKeys.all()) recompute(key);
  });
  // A database from before the counters existed: count what it already holds, once.
  if (!anyHour.get() && anyFact.get()) backfill();

  return {
    /** Call inside the transaction that wrote the rows the tally describes. */
    applyHourTally(tally: HourTally): void {
      for (const { key, delta } of tally.hours.values()) {
        const row = one.get(key);
        const t = row ? tileOf(row) : emptyTile();
        addTile(t, delta);
        write(key, t);
      }
    },
    /** Call inside the erasing transaction, after the rows are gone. */
    recomputeHours(keys: Iterable<HourKey>): void {
      for (const key of keys) recompute(key);
    },
    /** Adds the whole hours `first`..`last` of one page and device to `into`; their 8 px cells too unless `withCells` is false. */
    addHours(into: HeatmapCounts, f: { siteId: number; page: string; device: string }, first: number, last: number, withCells = true): void {
      addRows(into, (withCells ? range : rangeNoCells).iterate({ siteId: f.siteId, page: f.page, device: f.device, first, last }));
    },
    /** The counters of the hours `first`..`last`, cells unpacked: what a day's sum is made of. */
    tilesOf: (f: { siteId: number; page: string; device: string }, first: number, last: number): HourTile[] =>
      range.all({ siteId: f.siteId, page: f.page, device: f.device, first, last }).map(tileOf),
  };
}

export type HeatmapHoursStore = ReturnType<typeof heatmapHoursStore>;
