// Click density drawn the way simpleheat (github.com/mourner/simpleheat) does it:
// every spot stamps a soft radial brush into an offscreen canvas, so alpha there
// is the density; then each pixel's alpha picks its colour from a ramp. Brushes
// add up ('lighter'), and the result is scaled so the hottest spot is red.

import { HEAT_RAMP, heatColour } from '../../../contract/heat-ramp.ts';

export interface HeatSpot {
  /** Canvas pixels. */
  x: number;
  y: number;
  weight: number;
}

/** The ramp as a CSS gradient, for the legend. */
export function heatGradientCss(): string {
  const stops = HEAT_RAMP.map((s) => `rgba(${s.rgb.join(', ')}, ${s.alpha}) ${s.at * 100}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

function brush(radius: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = radius * 2;
  const ctx = canvas.getContext('2d')!;
  const gradient = ctx.createRadialGradient(radius, radius, 0, radius, radius, radius);
  // A Gaussian falloff (σ ≈ 0.4 r): spots merge into smooth hills instead of flat discs.
  for (let i = 0; i <= 10; i++) gradient.addColorStop(i / 10, `rgba(0, 0, 0, ${i === 10 ? 0 : Math.exp(-3 * (i / 10) ** 2)})`);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, radius * 2, radius * 2);
  return canvas;
}

/**
 * Merges spots that fall within a few pixels of each other (fewer, stronger stamps:
 * 8-bit alpha would round a ten-thousandth of a click to nothing) and bounds the
 * density any pixel can reach: no brush reaches further than `radius`, so the clicks
 * in a 3×3 block of radius-sized cells around a pixel's cell are all it can collect.
 */
function merge(spots: readonly HeatSpot[], radius: number): { merged: HeatSpot[]; bound: number } {
  const fine = Math.max(1, Math.round(radius / 4));
  const cells = new Map<string, HeatSpot>();
  const coarse = new Map<string, number>();
  for (const s of spots) {
    const key = `${Math.round(s.x / fine)},${Math.round(s.y / fine)}`;
    const cell = cells.get(key);
    if (cell) {
      cell.x = (cell.x * cell.weight + s.x * s.weight) / (cell.weight + s.weight);
      cell.y = (cell.y * cell.weight + s.y * s.weight) / (cell.weight + s.weight);
      cell.weight += s.weight;
    } else cells.set(key, { ...s });
    const c = `${Math.floor(s.x / radius)},${Math.floor(s.y / radius)}`;
    coarse.set(c, (coarse.get(c) ?? 0) + s.weight);
  }
  let bound = 0;
  for (const key of coarse.keys()) {
    const [cx = 0, cy = 0] = key.split(',').map(Number);
    let sum = 0;
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) sum += coarse.get(`${cx + dx},${cy + dy}`) ?? 0;
    bound = Math.max(bound, sum);
  }
  return { merged: [...cells.values()], bound };
}

/**
 * Draws `spots` onto `canvas` (already sized) and returns the peak density in
 * clicks (brush-weighted clicks at the hottest pixel), for the legend; 0 when empty.
 */
export function drawHeat(canvas: HTMLCanvasElement, spots: readonly HeatSpot[], radius: number): number {
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const r = Math.max(2, Math.round(radius));
  const inside = spots.filter((s) => s.weight > 0 && s.x > -r && s.y > -r && s.x < canvas.width + r && s.y < canvas.height + r);
  if (inside.length === 0) return 0;
  const { merged, bound } = merge(inside, r);

  const density = document.createElement('canvas');
  density.width = canvas.width;
  density.height = canvas.height;
  const dctx = density.getContext('2d', { willReadFrequently: true });
  if (!dctx) return 0;
  dctx.globalCompositeOperation = 'lighter';
  const stamp = brush(r);
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const s of merged) {
    dctx.globalAlpha = Math.min(1, s.weight / bound);
    dctx.drawImage(stamp, Math.round(s.x - r), Math.round(s.y - r));
    x0 = Math.min(x0, s.x - r);
    y0 = Math.min(y0, s.y - r);
    x1 = Math.max(x1, s.x + r);
    y1 = Math.max(y1, s.y + r);
  }

  // Colourise only the box the brushes touched: on a long page most pixels are empty.
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const width = Math.min(canvas.width, Math.ceil(x1)) - left;
  const height = Math.min(canvas.height, Math.ceil(y1)) - top;
  if (width <= 0 || height <= 0) return 0;
  const image = dctx.getImageData(left, top, width, height);
  const px = image.data;
  let peak = 0;
  for (let i = 3; i < px.length; i += 4) peak = Math.max(peak, px[i]!);
  if (peak === 0) return 0;
  const palette = Array.from({ length: peak + 1 }, (_, a) => heatColour(a / peak));
  for (let i = 0; i < px.length; i += 4) {
    const [red, green, blue, alpha] = palette[px[i + 3]!]!;
    px[i] = red;
    px[i + 1] = green;
    px[i + 2] = blue;
    px[i + 3] = alpha;
  }
  ctx.putImageData(image, left, top);
  return (peak / 255) * bound;
}
