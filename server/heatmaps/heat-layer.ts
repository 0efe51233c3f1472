// The density grid laid over the page's pixels, in place: upscaled bilinearly, one
// page px per image px, coloured with the heat ramp and blended by its alpha. Done
// in JS because sharp has no colour lookup for a ramp (and colouring before scaling
// would blend blue into red as purple), and blending here saves sharp a page-sized
// RGBA composite.
import { heatColour } from '../../contract/heat-ramp.ts';
import { CHANNELS, type PagePixels } from './page-canvas.ts';

export interface DensityGrid {
  density: Float32Array;
  cols: number;
  rows: number;
  cell: number;
}

const LEVELS = 256;
// Per intensity level, channel and page byte: the blended byte, round(c·a + page·(1 − a)).
// Built once (192 KB), so each pixel is three lookups.
const BLEND = (() => {
  const table = new Uint8Array(LEVELS * CHANNELS * 256);
  for (let level = 0; level < LEVELS; level++) {
    const [r, g, b, alpha] = heatColour(level / (LEVELS - 1));
    const a = alpha / 255;
    [r, g, b].forEach((c, ch) => {
      const at = (level * CHANNELS + ch) * 256;
      for (let d = 0; d < 256; d++) table[at + d] = Math.round(c * a + d * (1 - a));
    });
  }
  return table;
})();

/** Per output pixel along one axis: the two cells to blend and how much of the second. */
function samples(pixels: number, cell: number, cells: number) {
  const lo = new Int32Array(pixels);
  const hi = new Int32Array(pixels);
  const frac = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    // Cell centres sit at (c + 0.5) · cell; blend between the two around this pixel's centre.
    const u = Math.min(cells - 1, Math.max(0, (p + 0.5) / cell - 0.5));
    lo[p] = Math.floor(u);
    hi[p] = Math.min(cells - 1, lo[p]! + 1);
    frac[p] = u - lo[p]!;
  }
  return { lo, hi, frac };
}

/**
 * Lays the heat over the top `page.height` rows of `page` (RGB). Zero intensity
 * leaves the page as it is.
 */
export function drawHeat(grid: DensityGrid, page: PagePixels): void {
  const { density, cols, rows, cell } = grid;
  const { data, width, height } = page;
  const xs = samples(width, cell, cols);
  const ys = samples(height, cell, rows);
  // Most of a long page is often cold: per row of cells, the span of columns with any
  // heat, so pixel rows between cold cell rows are skipped and warm ones walk only their span.
  const first = new Int32Array(rows).fill(cols);
  const last = new Int32Array(rows).fill(-1);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (density[r * cols + c]! > 0) {
        if (first[r] === cols) first[r] = c;
        last[r] = c;
      }
    }
  }
  // Per cell: the first pixel past the run of pixels that blend it with the next one.
  const runEnd = new Int32Array(cols).fill(width);
  for (let x = width - 1; x > 0; x--) if (xs.lo[x - 1] !== xs.lo[x]) runEnd[xs.lo[x - 1]!] = x;
  const blended = new Float64Array(cols);
  for (let y = 0; y < height; y++) {
    const lo = ys.lo[y]!;
    const hi = ys.hi[y]!;
    const from = Math.min(first[lo]!, first[hi]!);
    const to = Math.max(last[lo]!, last[hi]!);
    if (to < from) continue;
    const top = lo * cols;
    const bottom = hi * cols;
    const fy = ys.frac[y]!;
    const line = y * width * CHANNELS;
    // A pixel blends the cells around its centre: nothing outside [from - 1, to + 1] cells reaches it.
    const x0 = Math.max(0, Math.floor((from - 1) * cell));
    const x1 = Math.min(width, Math.ceil((to + 2) * cell));
    // Blend the two cell rows once for this pixel row, every column those pixels read
    // (a column left from an earlier row would leave its heat behind); each pixel then
    // blends two columns of it.
    const c1 = xs.hi[x1 - 1]!;
    for (let c = xs.lo[x0]!; c <= c1; c++) blended[c] = density[top + c]! + (density[bottom + c]! - density[top + c]!) * fy;
    // Pixels between two cell centres blend the same two cells: a run at a time, and a
    // run between two cold cells is skipped whole.
    for (let x = x0; x < x1; ) {
      const c = xs.lo[x]!;
      const end = Math.min(x1, runEnd[c]!);
      const a = blended[c]!;
      const step = blended[xs.hi[x]!]! - a;
      if (a === 0 && step === 0) {
        x = end;
        continue;
      }
      for (let i = line + x * CHANNELS; x < end; x++, i += CHANNELS) {
        const level = Math.min(LEVELS - 1, ((a + step * xs.frac[x]!) * (LEVELS - 1) + 0.5) | 0);
        if (level <= 0) continue;
        const at = level * CHANNELS * 256;
        data[i] = BLEND[at + data[i]!]!;
        data[i + 1] = BLEND[at + 256 + data[i + 1]!]!;
        data[i + 2] = BLEND[at + 512 + data[i + 2]!]!;
      }
    }
  }
}
