// Heatmap counters: everything a heatmap reads about one (site, page, device class,
// UTC hour), kept at ingest so a heatmap over a million clicks adds up a few hundred
// hours instead of grouping every click. Pure: the store reads and writes the rows.
import { BAND_STEP, deepestBand, foldOf } from './scroll-bands.ts';

export const HOUR_MS = 3_600_000;
/** Counter cells are 8 document px; a heatmap of 16, 24, ... px cells is summed from them. */
export const TILE_CELL = 8;
const BANDS = 100 / BAND_STEP + 1;
/** Cells are keyed row << 16 | col: a click beyond 65,535 cells (524,280 px) is not counted. */
const MAX_CELL = 0xffff;

export interface HourTile {
  clicks: number;
  rage: number;
  dead: number;
  /** Clicks per cell, key row << 16 | col. */
  cells: Map<number, number>;
  selectors: Map<string, number>;
  pageViews: number;
  /** The largest document among these page views. */
  docWidth: number;
  docHeight: number;
  /** Sum of the page views' first screens as shares of their documents. */
  foldSum: number;
  /** Page views by the deepest 5 % band they reached (index 0..20). */
  reached: number[];
}

export const emptyTile = (): HourTile => ({
  clicks: 0, rage: 0, dead: 0, cells: new Map(), selectors: new Map(), pageViews: 0, docWidth: 0, docHeight: 0, foldSum: 0, reached: new Array<number>(BANDS).fill(0),
});

/** The key of the 8 px cell holding page point (x, y); null off the page. */
export function cellKey(x: number, y: number): number | null {
  if (!(x >= 0 && y >= 0)) return null;
  const col = Math.floor(x / TILE_CELL);
  const row = Math.floor(y / TILE_CELL);
  return col > MAX_CELL || row > MAX_CELL ? null : row * 0x10000 + col;
}

const bump = <K>(map: Map<K, number>, key: K, n: number) => {
  const v = (map.get(key) ?? 0) + n;
  if (v > 0) map.set(key, v);
  else map.delete(key);
};

export interface TileClick { x: number; y: number; selector: string; rage: boolean; dead: boolean }
export interface TileView { viewportHeight: number; docWidth: number; docHeight: number; maxScroll: number }

export function addClick(t: HourTile, c: TileClick): void {
  t.clicks++;
  if (c.rage) t.rage++;
  if (c.dead) t.dead++;
  const key = cellKey(c.x, c.y);
  if (key !== null) bump(t.cells, key, 1);
  bump(t.selectors, c.selector, 1);
}

export function addView(t: HourTile, v: TileView): void {
  t.pageViews++;
  t.docWidth = Math.max(t.docWidth, Math.round(v.docWidth) || 0);
  t.docHeight = Math.max(t.docHeight, Math.round(v.docHeight) || 0);
  t.foldSum += foldOf(v);
  t.reached[deepestBand(v)]! += 1;
}


/** A page view scrolled deeper: it moves from the band it had reached to its new one. */
export function moveReach(t: HourTile, before: TileView, after: TileView): void {
  const from = deepestBand(before);
  const to = deepestBand(after);
  if (from === to) return;
  // A delta may go below zero here; addTile keeps the stored counts at zero or more.
  t.reached[from]! -= 1;
  t.reached[to]! += 1;
}

/** `into` += `from` (counts add; document sizes keep the larger). */
export function addTile(into: HourTile, from: HourTile): void {
  into.clicks += from.clicks;
  into.rage += from.rage;
  into.dead += from.dead;
  for (const [k, n] of from.cells) bump(into.cells, k, n);
  for (const [k, n] of from.selectors) bump(into.selectors, k, n);
  into.pageViews += from.pageViews;
  into.docWidth = Math.max(into.docWidth, from.docWidth);
  into.docHeight = Math.max(into.docHeight, from.docHeight);
  into.foldSum += from.foldSum;
  from.reached.forEach((n, i) => (into.reached[i] = Math.max(0, (into.reached[i] ?? 0) + n)));
}

/** Cells as uint32 pairs (key, clicks), the form they are stored and summed in. */
export function packCells(cells: Map<number, number>): Buffer {
  const words = new Uint32Array(cells.size * 2);
  let i = 0;
  for (const [k, n] of cells) {
    words[i++] = k;
    words[i++] = n;
  }
  return Buffer.from(words.buffer, words.byteOffset, words.byteLength);
}

/** Clicks grouped in SQL by cell (of any size) and selector: `n` of them, `rage` and `dead` of those. */
export interface ClickGroup { cx: number; cy: number; selector: string; n: number; rage: number; dead: number }

/** Adds one group to the tile's totals and selectors, and to `cells` (key row << 16 | col); cells past 65,535 are left out. */
export function addClickGroup(t: HourTile, cells: Map<number, number>, g: ClickGroup): void {
  t.clicks += g.n;
  t.rage += g.rage;
  t.dead += g.dead;
  bump(t.selectors, g.selector, g.n);
  if (g.cx >= 0 && g.cy >= 0 && g.cx <= MAX_CELL && g.cy <= MAX_CELL) bump(cells, g.cy * 0x10000 + g.cx, g.n);
}

/** Cells counted by a query (any cell size) in the same packed form; cells past 65,535 are left out. */
export function packCellList(list: readonly { cx: number; cy: number; n: number }[]): Buffer {
  const cells = new Map<number, number>();
  for (const { cx, cy, n } of list) if (cx >= 0 && cy >= 0 && cx <= MAX_CELL && cy <= MAX_CELL) cells.set(cy * 0x10000 + cx, n);
  return packCells(cells);
}

/** A packed buffer as its uint32 words: (row << 16 | col, clicks) pairs. */
export function packedWords(packed: Buffer): Uint32Array {
  // Copy into an aligned array: a Buffer read from SQLite may start at any byte offset.
  return packed.byteOffset % 4 === 0 ? new Uint32Array(packed.buffer, packed.byteOffset, packed.byteLength >> 2) : new Uint32Array(new Uint8Array(packed).buffer);
}

/** Calls `visit(col, row, clicks)` for each 8 px cell of a packed buffer, without building objects. */
export function forEachPackedCell(packed: Buffer, visit: (col: number, row: number, n: number) => void): void {
  const words = packedWords(packed);
  for (let i = 0; i + 1 < words.length; i += 2) visit(words[i]! & 0xffff, words[i]! >>> 16, words[i + 1]!);
}

export function unpackCells(packed: Buffer): Map<number, number> {
  const cells = new Map<number, number>();
  forEachPackedCell(packed, (col, row, n) => cells.set(row * 0x10000 + col, n));
  return cells;
}

/**
 * Splits [from, to] (both included) into the whole units of `unit` inside it and the
 * edges before and after them: epoch ms into UTC hours (splitHours), or hour numbers
 * into UTC days of 24 hours.
 */
export function splitWhole(from: number, to: number, unit: number): { first: number; last: number; edges: [number, number][] } {
  const first = Math.ceil(from / unit);
  const last = Math.floor((to + 1) / unit) - 1;
  if (first > last) return { first: 0, last: -1, edges: to >= from ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < first * unit) edges.push([from, first * unit - 1]);
  if (to >= (last + 1) * unit) edges.push([(last + 1) * unit, to]);
  return { first, last, edges };
}

/**
 * Splits [from, to] (epoch ms, both included) into the whole UTC hours inside it,
 * which the counters answer, and the edges before and after them, which are read
 * from the clicks themselves. A viewer day in any whole-hour time zone has no edges.
 */
export const splitHours = (from: number, to: number) => splitWhole(from, to, HOUR_MS);

export const DAY_HOURS = 24;
