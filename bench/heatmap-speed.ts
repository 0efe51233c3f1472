// A heatmap over 1,000,000 clicks: our grid + separable blur vs. stamping a kernel
// for every click (the naive way), in the same run.
import { binPoints } from '../server/heatmaps/grid.ts';
import { clickDensity, gaussianKernel } from '../server/heatmaps/density.ts';

export interface HeatmapTiming { points: number; gridBlurMs: number; stampEachMs: number }

export function measureHeatmap(points = 1_000_000): HeatmapTiming {
  if (points > 10_000) measureHeatmap(10_000); // warm up the JIT for both, so neither pays for it
  const page = { width: 1280, height: 5000 };
  const cell = 8;
  const radius = 4;
  const clicks = Array.from({ length: points }, (_, i) => ({ x: (i * 7919) % page.width, y: (i * 104_729) % page.height }));

  let t = performance.now();
  clickDensity(binPoints(clicks, page, cell), radius);
  const gridBlurMs = performance.now() - t;

  t = performance.now();
  const cols = Math.ceil(page.width / cell);
  const rows = Math.ceil(page.height / cell);
  const values = new Float32Array(cols * rows);
  const k = gaussianKernel(radius);
  for (const p of clicks) {
    const cx = Math.floor(p.x / cell);
    const cy = Math.floor(p.y / cell);
    for (let dy = -radius; dy <= radius; dy++) {
      const y = cy + dy;
      if (y < 0 || y >= rows) continue;
      for (let dx = -radius; dx <= radius; dx++) {
        const x = cx + dx;
        if (x >= 0 && x < cols) values[y * cols + x]! += k[dy + radius]! * k[dx + radius]!;
      }
    }
  }
  const stampEachMs = performance.now() - t;
  return { points, gridBlurMs, stampEachMs };
}
