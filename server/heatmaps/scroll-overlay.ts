// The scroll map's drawing: each 5 % band of the page shaded by how many page views
// saw it, its share written at the right edge, and a dashed line at the average fold.
import type { ScrollBand } from './scroll-bands.ts';
import { heatColour } from '../../contract/heat-ramp.ts';
import { svgText } from './svg-text.ts';

/** Below this band height (px) the share labels would overlap, so they are left out. */
const MIN_LABELLED_BAND = 14;

const percent = (share: number) => `${Math.round(share * 100)} %`;

/**
 * SVG, `width` × `height`, for bands as returned by `scrollBands`. The strip between
 * two band depths is shaded by the share at its lower edge: the page views that saw
 * all of it.
 */
export function scrollOverlaySvg(bands: readonly ScrollBand[], width: number, height: number, fold: number): Buffer {
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`];
  const labels: string[] = [];
  const sorted = [...bands].sort((a, b) => a.depth - b.depth);
  for (let i = 1; i < sorted.length; i++) {
    const top = (sorted[i - 1]!.depth / 100) * height;
    const bottom = (sorted[i]!.depth / 100) * height;
    const share = sorted[i]!.share;
    const [r, g, b, a] = heatColour(share);
    parts.push(`<rect x="0" y="${top}" width="${width}" height="${bottom - top}" fill="rgb(${r},${g},${b})" fill-opacity="${(a / 255).toFixed(3)}"/>`);
    if (bottom - top >= MIN_LABELLED_BAND) {
      labels.push(svgText(percent(share), { x: width - 8, y: (top + bottom) / 2 + 4, size: 12, maxWidth: width, anchor: 'end' }));
    }
  }
  // A white halo keeps labels readable on red and on a busy screenshot alike.
  parts.push(`<g font-family="sans-serif" fill="#111827" stroke="#ffffff" stroke-width="3" paint-order="stroke">${labels.join('')}</g>`);
  if (fold > 0 && fold < 1) {
    const y = Math.round(fold * height) + 0.5;
    parts.push(`<line x1="0" y1="${y}" x2="${width}" y2="${y}" stroke="#111827" stroke-width="2" stroke-dasharray="8 6"/>`);
    parts.push(
      `<g font-family="sans-serif" fill="#111827" stroke="#ffffff" stroke-width="3" paint-order="stroke">`,
      svgText('average fold', { x: 8, y: y - 6, size: 12, maxWidth: width }),
      `</g>`,
    );
  }
  parts.push('</svg>');
  return Buffer.from(parts.join(''));
}
