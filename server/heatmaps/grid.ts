// Binning: clicks (or any weighted points) counted into square cells over the page,
// the first step of every click heatmap.

/** A point on the page in CSS px; `weight` defaults to 1 (e.g. 2 for a click counted twice). */
export interface HeatPoint {
  x: number;
  y: number;
  weight?: number;
}

/** Counts per cell, row-major: cell (col, row) is `counts[row * cols + col]`. */
export interface ClickGrid {
  cols: number;
  rows: number;
  /** Cell edge in CSS px. */
  cell: number;
  counts: Float32Array;
  /** Sum of the weights that landed in the grid (dropped points excluded). */
  total: number;
}

export interface PageSize {
  width: number;
  height: number;
}

/**
 * Counts points into `cell`-px cells over a `width`×`height` page.
 *
 * Points outside the page are dropped, not clamped: a click beyond the page is one
 * recorded on a different layout (the document grew or shrank since), and piling
 * those onto the border would paint a hot edge nobody clicked. A point exactly on
 * the right or bottom edge is still on the page and counts in the last cell.
 * Points with a non-finite coordinate or a weight that is not a positive number are
 * dropped too, so one bad row cannot turn the whole map into NaN.
 */
export function binPoints(points: readonly HeatPoint[], page: PageSize, cell: number): ClickGrid {
  if (!(cell > 0) || !Number.isFinite(cell)) throw new RangeError(`cell must be a positive number of px, got ${cell}`);
  const width = Math.max(0, page.width);
  const height = Math.max(0, page.height);
  const cols = Math.max(1, Math.ceil(width / cell));
  const rows = Math.max(1, Math.ceil(height / cell));
  const counts = new Float32Array(cols * rows);
  let total = 0;
  for (const p of points) {
    const { x, y } = p;
    const weight = p.weight ?? 1;
    if (!(x >= 0 && x <= width && y >= 0 && y <= height) || !(weight > 0 && weight < Infinity)) continue;
    const col = Math.min(cols - 1, Math.floor(x / cell));
    const row = Math.min(rows - 1, Math.floor(y / cell));
    counts[row * cols + col]! += weight;
    total += weight;
  }
  return { cols, rows, cell, counts, total };
}
