// Density: the binned grid smoothed with a Gaussian so single clicks become soft spots
// and nearby clicks merge into hot areas, scaled so the hottest cell is 1.
import type { ClickGrid } from './grid.ts';

export interface ClickDensity {
  cols: number;
  rows: number;
  cell: number;
  /** Row-major like the grid, 0..1 with the hottest cell at exactly 1 (all 0 when empty). */
  values: Float32Array;
  /** The hottest cell before scaling, in smoothed clicks per cell. */
  peak: number;
  /**
   * The hottest cell in clicks per spot, a lone click counting 1 at its centre: the
   * legend's top, in the unit of the viewer's legend (its brush peaks at 1 as well).
   */
  peakClicks: number;
}

/**
 * Weights of a 1-D Gaussian reaching `radius` cells each side, summing to 1.
 * Sigma is radius / 3, so the cut at ±radius drops under 0.3 % of the weight and
 * the spot has no visible hard rim.
 */
export function gaussianKernel(radius: number): Float32Array {
  const r = Math.max(0, Math.floor(radius));
  const kernel = new Float32Array(2 * r + 1);
  if (r === 0) {
    kernel[0] = 1;
    return kernel;
  }
  const sigma = r / 3;
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + r] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  return kernel;
}

/**
 * Blurs the grid with a separable Gaussian (a row pass, then a column pass), which
 * costs O(cols·rows·radius) instead of O(cols·rows·radius²) for a 2-D kernel.
 * Beyond the page counts as empty, so spots at the edge fade rather than reflect.
 */
export function clickDensity(grid: ClickGrid, radius = 3): ClickDensity {
  const { cols, rows, cell, counts } = grid;
  const kernel = gaussianKernel(radius);
  const r = (kernel.length - 1) / 2;
  const across = new Float32Array(cols * rows);
  for (let row = 0; row < rows; row++) {
    const base = row * cols;
    for (let col = 0; col < cols; col++) {
      const from = Math.max(-r, -col);
      const to = Math.min(r, cols - 1 - col);
      let sum = 0;
      for (let k = from; k <= to; k++) sum += counts[base + col + k]! * kernel[k + r]!;
      across[base + col] = sum;
    }
  }
  // The column pass walks whole rows at a time so memory is read in order.
  const values = new Float32Array(cols * rows);
  for (let row = 0; row < rows; row++) {
    const out = row * cols;
    const from = Math.max(-r, -row);
    const to = Math.min(r, rows - 1 - row);
    for (let k = from; k <= to; k++) {
      const w = kernel[k + r]!;
      const src = (row + k) * cols;
      for (let col = 0; col < cols; col++) values[out + col]! += across[src + col]! * w;
    }
  }
  let peak = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > peak) peak = values[i]!;
  // Divide rather than multiply by 1/peak, so the hottest cell is exactly 1.
  if (peak > 0) for (let i = 0; i < values.length; i++) values[i]! /= peak;
  // The 2-D kernel is the product of two 1-D ones: a lone click's cell holds centre².
  const centre = kernel[r]!;
  return { cols, rows, cell, values, peak, peakClicks: peak / (centre * centre) };
}
