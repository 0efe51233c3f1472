// What the heat is drawn on: the page's screenshot when there is one, else a plain
// page outline, with white room below for the caption strip.
import sharp, { type OverlayOptions, type Sharp } from 'sharp';
import type { PageScreenshot } from '../page-screenshots.ts';

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };
const PAGE_GREY = { r: 243, g: 244, b: 246, alpha: 1 };
const BORDER = { r: 209, g: 213, b: 219, alpha: 1 };

export interface PageCanvas {
  canvas: Sharp;
  /** Layers that must go under everything else in the one `composite` call. */
  under: OverlayOptions[];
}

/**
 * A `width` × (`height` + `stripHeight`) canvas. A screenshot is scaled to the page
 * width and laid at the top: a taller capture loses its bottom, a shorter one is
 * continued in page grey, so page pixels and heat stay aligned either way.
 */
export function pageCanvas(width: number, height: number, stripHeight: number, background?: PageScreenshot): PageCanvas {
  if (background) {
    const scaledHeight = (background.height * width) / Math.max(1, background.width);
    const canvas = sharp(background.png)
      .resize(width, height, { fit: scaledHeight >= height ? 'cover' : 'contain', position: 'top', background: PAGE_GREY })
      .extend({ bottom: stripHeight, background: WHITE });
    return { canvas, under: [] };
  }
  // Grey all the way down (the caption strip paints its own white), with the border
  // as four thin layers: two full-size layers would double the compositing time.
  const canvas = sharp({ create: { width, height: height + stripHeight, channels: 4, background: PAGE_GREY } });
  const line = (left: number, top: number, w: number, h: number): OverlayOptions => ({
    input: { create: { width: w, height: h, channels: 4, background: BORDER } },
    left,
    top,
  });
  const under = [line(0, 0, width, 1), line(0, height - 1, width, 1), line(0, 0, 1, height), line(width - 1, 0, 1, height)];
  return { canvas, under };
}
