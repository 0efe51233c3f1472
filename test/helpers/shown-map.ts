// What a heatmap shows, in plain values (totals, top selectors, scroll reach and the
// non-empty cells): what the heatmap tests compare, on one backend or across two.
import { gridOf, type HeatmapCounts } from '../../server/heatmaps/counts.ts';

export function shownMap(c: HeatmapCounts, cell = 8) {
  const { clicks, rage, dead, pageViews, docWidth, docHeight, reached } = c.totals;
  const grid = gridOf(c, cell, Math.ceil(1280 / cell), Math.ceil(2800 / cell));
  const cells: string[] = [];
  grid.counts.forEach((v, i) => v && cells.push(`${i}:${v}`));
  return { clicks, rage, dead, pageViews, docWidth, docHeight, reached, foldSum: c.totals.foldSum.toFixed(6), selectors: Object.fromEntries([...c.totals.selectors].sort()), cells };
}
