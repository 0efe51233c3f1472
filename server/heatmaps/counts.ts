// What a click or scroll heatmap is drawn from, however it was read: summed from
// hourly counters (server/heatmaps/hour-tile.ts) or grouped from the clicks and
// page views themselves when a filter narrows them down.
import { addTile, emptyTile, packedWords, type HourTile } from './hour-tile.ts';
import type { ClickGrid } from './grid.ts';

export interface CellPart {
  /** Edge of these cells in document px. */
  cell: number;
  /** From packCells: (row << 16 | col, clicks) pairs. */
  packed: Buffer;
}

export interface HeatmapCounts {
  /** Everything but the cells, which stay packed (one part per hour or query) until binned. */
  totals: HourTile;
  cellParts: CellPart[];
}

const NO_CELLS = new Map<number, number>();

export const emptyCounts = (): HeatmapCounts => ({ totals: emptyTile(), cellParts: [] });

/** `into` += one hour's (or one query's) counts, with its cells packed. */
export function addCounts(into: HeatmapCounts, counts: HourTile, part: CellPart): void {
  addTile(into.totals, { ...counts, cells: NO_CELLS });
  if (part.packed.length) into.cellParts.push(part);
}

/** `into` += `from`. */
export function mergeCounts(into: HeatmapCounts, from: HeatmapCounts): void {
  addTile(into.totals, from.totals);
  into.cellParts.push(...from.cellParts);
}

/**
 * Clicks per `cell`-px cell over a `cols` × `rows` page. A part's cells must divide
 * `cell` (8 px counters make 16, 24, 32 px maps); cells off the page are dropped,
 * like binPoints does, so a click from a longer layout does not paint the border.
 */
export function gridOf(counts: HeatmapCounts, cell: number, cols: number, rows: number): ClickGrid {
  const grid = new Float32Array(cols * rows);
  let total = 0;
  for (const part of counts.cellParts) {
    if (cell % part.cell !== 0) throw new RangeError(`${part.cell} px cells cannot make a map of ${cell} px cells`);
    const per = cell / part.cell;
    // The month's ~900,000 cells of a busy page go through here: a plain loop, no callback.
    const words = packedWords(part.packed);
    for (let i = 0; i + 1 < words.length; i += 2) {
      const key = words[i]!;
      const col = per === 1 ? key & 0xffff : Math.floor((key & 0xffff) / per);
      const row = per === 1 ? key >>> 16 : Math.floor((key >>> 16) / per);
      if (col < cols && row < rows) {
        const n = words[i + 1]!;
        grid[row * cols + col]! += n;
        total += n;
      }
    }
  }
  return { cols, rows, cell, counts: grid, total };
}

/** The grid's cells with any clicks, as [col, row, clicks], row by row: the JSON answer's `cells`. */
export function nonEmptyCells(grid: ClickGrid): [number, number, number][] {
  const { counts, cols } = grid;
  const cells: [number, number, number][] = [];
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i]!;
    if (n) cells.push([i % cols, (i / cols) | 0, n]);
  }
  return cells;
}
