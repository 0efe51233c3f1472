// Heatmap images for the viewer and for export: the page (screenshot or outline),
// the heat on top, a caption strip below. The page and the strip are raw pixels,
// the heat is blended into them in JS, and each image is a single PNG encode.
import sharp from 'sharp';
import type { ScrollBand } from './scroll-bands.ts';
import { CAPTION_HEIGHT, captionStripSvg, type LegendLabels } from './caption-strip.ts';
import { drawHeat } from './heat-layer.ts';
import { encodePng, pagePixels, putStrip, type PagePixels } from './page-canvas.ts';
import type { PageScreenshot } from './page-screenshots.ts';
import { scrollOverlaySvg } from './scroll-overlay.ts';
import { peakClicksLabel } from '../../contract/heat-legend.ts';

export { CAPTION_HEIGHT };

/** 50 million px (e.g. 1920 × 26,000) is ~200 MB of raw RGBA: past that, ask for less. */
export const MAX_PAGE_PIXELS = 50_000_000;

export interface ClickHeatmapImage {
  /** From `clickDensity`: 0..1 per cell, row-major. */
  density: Float32Array;
  cols: number;
  rows: number;
  cell: number;
  /** The page size the grid was binned over, in CSS px; one image px per page px. */
  width: number;
  height: number;
  /** A screenshot of the page; scaled to `width`, top-aligned. */
  background?: PageScreenshot | undefined;
  caption: string;
  /** The hottest spot in clicks (ClickDensity.peakClicks), named at the legend's red end. */
  peakClicks: number;
}

export interface ScrollMapImage {
  bands: readonly ScrollBand[];
  width: number;
  height: number;
  /** Average fold as a share of the page height, 0..1. */
  fold: number;
  caption: string;
  background?: PageScreenshot | undefined;
}

function checkPageSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`page size must be whole px of at least 1, got ${width}×${height}`);
  }
  if (width * height > MAX_PAGE_PIXELS) {
    throw new RangeError(`page ${width}×${height} px is over ${MAX_PAGE_PIXELS} px; render a narrower device or a shorter page`);
  }
}

/** The page and its caption strip, both as pixels (the strip rendered while the page is). */
async function pageWithStrip(width: number, height: number, caption: string, legend: LegendLabels, background?: PageScreenshot): Promise<PagePixels> {
  const [page, strip] = await Promise.all([
    pagePixels(width, height, CAPTION_HEIGHT, background),
    sharp(captionStripSvg(width, caption, legend)).flatten({ background: '#ffffff' }).raw().toBuffer(),
  ]);
  putStrip(page, strip);
  return page;
}

/** PNG of `width` × (`height` + CAPTION_HEIGHT) px: the click heat over the page. */
export async function renderClickHeatmapPng(image: ClickHeatmapImage): Promise<Buffer> {
  const { density, cols, rows, cell, width, height } = image;
  checkPageSize(width, height);
  if (density.length !== cols * rows) throw new RangeError(`density has ${density.length} values for a ${cols}×${rows} grid`);
  if (Math.max(1, Math.ceil(width / cell)) !== cols || Math.max(1, Math.ceil(height / cell)) !== rows) {
    throw new RangeError(`a ${cols}×${rows} grid of ${cell} px cells does not cover a ${width}×${height} page; bin over the page size you render`);
  }
  const legend = { min: '0', max: peakClicksLabel(image.peakClicks) };
  const page = await pageWithStrip(width, height, image.caption, legend, image.background);
  drawHeat({ density, cols, rows, cell }, page);
  return encodePng(page, CAPTION_HEIGHT);
}

/** PNG of `width` × (`height` + CAPTION_HEIGHT) px: how far down the page views got. */
export async function renderScrollMapPng(image: ScrollMapImage): Promise<Buffer> {
  const { width, height } = image;
  checkPageSize(width, height);
  const page = await pageWithStrip(width, height, image.caption, { min: '0 %', max: '100 %' }, image.background);
  return encodePng(page, CAPTION_HEIGHT, [{ input: scrollOverlaySvg(image.bands, width, height, image.fold), top: 0, left: 0 }]);
}
