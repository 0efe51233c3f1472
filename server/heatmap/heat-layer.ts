// The density grid turned into a transparent image the size of the page, ready to lay
// over a screenshot. Done in JS because sharp has no colour lookup for a ramp, and
// colouring before scaling would blend blue into red as purple.
import { heatColour } from './ramp.ts';

export interface DensityGrid {
  density: Float32Array;
  cols: number;
  rows: number;
  cell: number;
}

const LEVELS = 256;
// One RGBA word per intensity level, built once: the per-pixel work is then a
// bilinear sample and a single 32-bit store.
const PALETTE = (() => {
  const bytes = new Uint8Array(LEVELS * 4);
  for (let i = 0; i < LEVELS; i++) bytes.set(heatColour(i / (LEVELS - 1)), i * 4);
  return new Uint32Array(bytes.buffer);
})();

/** Per output pixel along one axis: the two cells to blend and how much of the second. */
function samples(pixels: number, cell: number, cells: number) {
  const lo = new Int32Array(pixels);
  const hi = new Int32Array(pixels);
  const frac = new Float32Array(pixels);
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
 * Raw RGBA (width·height·4 bytes) of the density upscaled bilinearly, one page px per
 * image px, coloured with the heat ramp. Zero intensity stays fully transparent.
 */
export function heatLayer(grid: DensityGrid, width: number, height: number): Buffer {
  const { density, cols, rows, cell } = grid;
  const out = Buffer.alloc(width * height * 4);
  const words = new Uint32Array(out.buffer, out.byteOffset, width * height);
  const xs = samples(width, cell, cols);
  const ys = samples(height, cell, rows);
  // Most of a long page is cold: per row of cells, the span of columns with any heat,
  // so pixel rows between cold cell rows are skipped and warm ones walk only their span.
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
  const blended = new Float32Array(cols);
  for (let y = 0; y < height; y++) {
    const lo = ys.lo[y]!;
    const hi = ys.hi[y]!;
    const from = Math.min(first[lo]!, first[hi]!);
    const to = Math.max(last[lo]!, last[hi]!);
    if (to < from) continue;
    const top = lo * cols;
    const bottom = hi * cols;
    const fy = ys.frac[y]!;
    const line = y * width;
    // Blend the two cell rows once for this pixel row; each pixel then blends two columns of it.
    const c0 = Math.max(0, from - 1);
    const c1 = Math.min(cols - 1, to + 1);
    for (let c = c0; c <= c1; c++) blended[c] = density[top + c]! + (density[bottom + c]! - density[top + c]!) * fy;
    // A pixel blends the cells around its centre: nothing outside [from - 1, to + 1] cells reaches it.
    const x0 = Math.max(0, Math.floor((from - 1) * cell));
    const x1 = Math.min(width, Math.ceil((to + 2) * cell));
    for (let x = x0; x < x1; x++) {
      const a = blended[xs.lo[x]!]!;
      const level = ((a + (blended[xs.hi[x]!]! - a) * xs.frac[x]!) * (LEVELS - 1) + 0.5) | 0;
      if (level > 0) words[line + x] = PALETTE[Math.min(LEVELS - 1, level)]!;
    }
  }
  return out;
}
