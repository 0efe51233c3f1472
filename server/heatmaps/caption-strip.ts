// The strip under every heatmap image: what it shows (the caller's caption: page,
// device, dates, counts) and a legend bar, so an exported PNG explains itself.
import { rampSvgStops } from './ramp.ts';
import { svgText } from './svg-text.ts';

/** Height in px added below the page in every rendered image. */
export const CAPTION_HEIGHT = 64;

const MARGIN = 12;
const BAR_WIDTH = 240;

export interface LegendLabels {
  min: string;
  max: string;
}

/** SVG of the strip, `width` × CAPTION_HEIGHT, on white with a hairline above it. */
export function captionStripSvg(width: number, caption: string, legend: LegendLabels): Buffer {
  const inner = Math.max(0, width - 2 * MARGIN);
  const bar = Math.min(BAR_WIDTH, inner);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${CAPTION_HEIGHT}">`,
    `<defs><linearGradient id="ramp">${rampSvgStops()}</linearGradient></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<rect width="100%" height="1" fill="#d1d5db"/>`,
    `<g font-family="sans-serif" fill="#1f2937">`,
    svgText(caption, { x: MARGIN, y: 22, size: 14, maxWidth: inner }),
    // Grey under the bar, like the page outline, so its colours look as they do on a page.
    `<rect x="${MARGIN}" y="30" width="${bar}" height="10" fill="#e5e7eb"/>`,
    `<rect x="${MARGIN}" y="30" width="${bar}" height="10" fill="url(#ramp)" stroke="#9ca3af" stroke-width="0.5"/>`,
    svgText(legend.min, { x: MARGIN, y: 55, size: 11, maxWidth: bar / 2 }),
    svgText(legend.max, { x: MARGIN + bar, y: 55, size: 11, maxWidth: bar / 2, anchor: 'end' }),
    `</g></svg>`,
  ];
  return Buffer.from(svg.join(''));
}
