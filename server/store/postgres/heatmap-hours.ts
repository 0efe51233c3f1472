// Heatmap counters per (site, page, device, UTC hour) on PostgreSQL: the SQLite module's
// behaviour (heatmap-hours.ts there), for several nodes writing at once. An hour's row
// holds packed cells and JSON that SQL cannot add to in place, so every writer of an hour
// first takes the advisory lock of its (site, page, device, day) (lockDays): the counters
// are then read, added to and written by one transaction at a time, and a day's sum
// (heatmap-days.ts) is never made from hours a writer is changing.
import { createHash } from 'node:crypto';
import type { Pg, Queryable } from './db.ts';
import { DAY_HOURS, HOUR_MS, addClick, addTile, addView, emptyTile, type HourTile, type TileView } from '../../heatmaps/hour-tile.ts';
import type { HeatmapCounts } from '../../heatmaps/counts.ts';
import { addRows, hourKeyId, tileColumns, tileOf, type HourKey, type HourRow, type HourTally, type HeatmapHoursStore } from '../heatmap-hours.ts';

/** heatmap_hours' columns as HourRow names (quoted: PostgreSQL folds unquoted names to lower case). */
export const PG_COLUMNS = `hour, clicks, rage, dead, cells, selectors, page_views AS "pageViews", doc_w AS "docWidth", doc_h AS "docHeight", fold_sum AS "foldSum", reached`;
/** The same without the cells, most of each row's bytes, for maps whose cells the counters cannot make. */
export const PG_COLUMNS_NO_CELLS = PG_COLUMNS.replace('cells, ', `'\\x'::bytea AS cells, `);

interface PageKey { siteId: number; page: string; device: string }

const dayLockId = (k: PageKey & { day: number }): bigint =>
  createHash('sha256').update(`heatmap-day\u0000${k.siteId}\u0000${k.device}\u0000${k.day}\u0000${k.page}`).digest().readBigInt64BE(0);

/**
 * Takes the transaction-long advisory locks of the days these hours fall in. All at once
 * and in one order (by lock id), so two writers never each hold a day the other waits for.
 * A transaction that writes hours in several steps locks their union first.
 */
export async function lockDays(keys: Iterable<PageKey & { hour: number }>, on: Queryable): Promise<void> {
  const ids = new Set<bigint>();
  for (const k of keys) ids.add(dayLockId({ siteId: k.siteId, page: k.page, device: k.device, day: Math.floor(k.hour / DAY_HOURS) }));
  if (!ids.size) return;
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  // unnest yields the array in order, so the locks are taken in that order.
  await on.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k', [sorted]);
}

/** Locks of whole days, for the day sums: the same ids lockDays takes. */
export const lockWholeDays = (k: PageKey, days: readonly number[], on: Queryable) =>
  lockDays(days.map((day) => ({ ...k, hour: day * DAY_HOURS })), on);

/** Hour keys as four parallel arrays, the parameters of an unnest(...) AS k(site_id, page, device, hour). */
const keyArrays = (keys: readonly HourKey[]) => [keys.map((k) => k.siteId), keys.map((k) => k.page), keys.map((k) => k.device), keys.map((k) => k.hour)];
const KEYS = 'unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS k(site_id, page, device, hour, i)';

/**
 * The SQLite HeatmapHoursStore's methods, async; those that write take the transaction's
 * client (`on`) last. Not the SQLite module's start-up backfill: a PostgreSQL database is
 * made with the counters' tables, so it never holds facts the counters have not counted.
 */
export function pgHeatmapHoursStore(pg: Pg) {
  /** Every change to hours' counters goes through here; the caller holds their days' locks. */
  async function write(entries: readonly { key: HourKey; tile: HourTile }[], on: Queryable): Promise<void> {
    if (!entries.length) return;
    const keys = entries.map((e) => e.key);
    const [sites, pages, devices, hours] = keyArrays(keys);
    // The day's sum (heatmap-days.ts) no longer holds once one of its hours changes.
    await on.query(
      `DELETE FROM heatmap_days d USING unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS k(site_id, page, device, hour)
       WHERE d.site_id = k.site_id AND d.page = k.page AND d.device = k.device AND d.day = k.hour / ${DAY_HOURS}`,
      [sites, pages, devices, hours],
    );
    const empty = entries.filter((e) => e.tile.clicks <= 0 && e.tile.pageViews <= 0).map((e) => e.key);
    if (empty.length) {
      await on.query(
        `DELETE FROM heatmap_hours h USING unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS k(site_id, page, device, hour)
         WHERE h.site_id = k.site_id AND h.page = k.page AND h.device = k.device AND h.hour = k.hour`,
        keyArrays(empty),
      );
    }
    const kept = entries.filter((e) => !(e.tile.clicks <= 0 && e.tile.pageViews <= 0));
    if (!kept.length) return;
    const cols = kept.map((e) => tileColumns(e.tile));
    await on.query(
      `INSERT INTO heatmap_hours (site_id, page, device, hour, clicks, rage, dead, cells, selectors, page_views, doc_w, doc_h, fold_sum, reached)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bytea[],
         $9::text[], $10::bigint[], $11::bigint[], $12::bigint[], $13::float8[], $14::text[])
       ON CONFLICT (site_id, page, device, hour) DO UPDATE SET clicks = excluded.clicks, rage = excluded.rage, dead = excluded.dead,
         cells = excluded.cells, selectors = excluded.selectors, page_views = excluded.page_views, doc_w = excluded.doc_w,
         doc_h = excluded.doc_h, fold_sum = excluded.fold_sum, reached = excluded.reached`,
      [
        ...keyArrays(kept.map((e) => e.key)),
        cols.map((c) => c.clicks), cols.map((c) => c.rage), cols.map((c) => c.dead), cols.map((c) => c.cells), cols.map((c) => c.selectors),
        cols.map((c) => c.pageViews), cols.map((c) => c.docWidth), cols.map((c) => c.docHeight), cols.map((c) => c.foldSum), cols.map((c) => c.reached),
      ],
    );
  }

  /** Hours' counters made again from the clicks and page views that are left. */
  async function recompute(keys: readonly HourKey[], on: Queryable): Promise<void> {
    if (!keys.length) return;
    const tiles = keys.map(() => emptyTile());
    // The hour expression matches clicks_sample's, so each hour is one range of that index.
    const clicks = await pg.rows<{ i: number; x: number; y: number; selector: string; rage: number; dead: number }>(
      `SELECT k.i, c.x, c.y, c.selector, c.rage, c.dead FROM ${KEYS}
       JOIN clicks c ON c.site_id = k.site_id AND c.page = k.page AND c.device = k.device
         AND c.ts / ${HOUR_MS} = k.hour AND c.ts BETWEEN k.hour * ${HOUR_MS} AND (k.hour + 1) * ${HOUR_MS} - 1`,
      keyArrays(keys), on,
    );
    for (const c of clicks) addClick(tiles[c.i - 1]!, { ...c, rage: c.rage === 1, dead: c.dead === 1 });
    const views = await pg.rows<TileView & { i: number }>(
      `SELECT k.i, v.viewport_h AS "viewportHeight", v.doc_w AS "docWidth", v.doc_h AS "docHeight", v.max_scroll AS "maxScroll" FROM ${KEYS}
       JOIN page_views v ON v.site_id = k.site_id AND v.page = k.page AND v.device = k.device
         AND v.ts BETWEEN k.hour * ${HOUR_MS} AND (k.hour + 1) * ${HOUR_MS} - 1`,
      keyArrays(keys), on,
    );
    for (const v of views) addView(tiles[v.i - 1]!, v);
    await write(keys.map((key, i) => ({ key, tile: tiles[i]! })), on);
  }

  /** Each key once, in one order: the same rows are then written in the same order by every writer. */
  const distinct = (keys: Iterable<HourKey>): HourKey[] => [...new Map([...keys].map((k) => [hourKeyId(k), k])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, k]) => k);

  const RANGE = `FROM heatmap_hours WHERE site_id = $1 AND page = $2 AND device = $3 AND hour BETWEEN $4 AND $5`;

  return {
    /** Call inside the transaction (`on`) that wrote the rows the tally describes. */
    async applyHourTally(tally: HourTally, on: Queryable): Promise<void> {
      const keys = distinct([...tally.hours.values()].map((h) => h.key));
      if (!keys.length) return;
      await lockDays(keys, on);
      const stored = await pg.rows<HourRow & { i: number }>(
        `SELECT k.i, ${PG_COLUMNS.replace('hour,', 'h.hour,')} FROM ${KEYS}
         JOIN heatmap_hours h ON h.site_id = k.site_id AND h.page = k.page AND h.device = k.device AND h.hour = k.hour`,
        keyArrays(keys), on,
      );
      const tiles = keys.map(() => emptyTile());
      for (const row of stored) tiles[row.i - 1] = tileOf(row);
      keys.forEach((key, i) => addTile(tiles[i]!, tally.hours.get(hourKeyId(key))!.delta));
      await write(keys.map((key, i) => ({ key, tile: tiles[i]! })), on);
    },
    /** Call inside the erasing transaction (`on`), after the rows are gone. */
    async recomputeHours(keys: Iterable<HourKey>, on: Queryable): Promise<void> {
      const list = distinct(keys);
      await lockDays(list, on);
      await recompute(list, on);
    },
    /** Adds the whole hours `first`..`last` of one page and device to `into`; their 8 px cells too unless `withCells` is false. */
    async addHours(into: HeatmapCounts, f: PageKey, first: number, last: number, withCells = true): Promise<void> {
      addRows(into, await pg.rows<HourRow>(`SELECT ${withCells ? PG_COLUMNS : PG_COLUMNS_NO_CELLS} ${RANGE}`, [f.siteId, f.page, f.device, first, last]));
    },
    /** The counters of the hours `first`..`last`, cells unpacked: what a day's sum is made of. */
    tilesOf: async (f: PageKey, first: number, last: number, on?: Queryable): Promise<HourTile[]> =>
      (await pg.rows<HourRow>(`SELECT ${PG_COLUMNS} ${RANGE}`, [f.siteId, f.page, f.device, first, last], on)).map(tileOf),
  } satisfies Record<keyof HeatmapHoursStore, unknown>;
}

export type PgHeatmapHoursStore = ReturnType<typeof pgHeatmapHoursStore>;
