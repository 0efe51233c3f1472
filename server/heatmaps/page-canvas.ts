// What the heat is drawn on: the page's screenshot when there is one, else a plain
// page outline, with room below for the caption strip. Returned as raw RGB pixels,
// so the heat can be laid on in JS and the image encoded once: compositing a
// page-sized RGBA layer in sharp cost about as much as encoding the PNG.
import sharp, { type OverlayOptions, type PngOptions } from 'sharp';
import type { PageScreenshot } from './page-screenshots.ts';

/** Three bytes a pixel, row-major, no padding: what `sharp(…, { raw })` reads. */
export const CHANNELS = 3;

const WHITE = { r: 255, g: 255, b: 255 };
const PAGE_GREY = { r: 243, g: 244, b: 246 };
const BORDER = { r: 209, g: 213, b: 219 };

export interface PagePixels {
  /** RGB, `width` × (`height` + strip height). */
  data: Buffer;
  width: number;
  /** The page's height; the strip's rows follow it. */
  height: number;
}

const rgb = (c: { r: number; g: number; b: number }) => Buffer.from([c.r, c.g, c.b]);

/** The neutral page: grey with a one-pixel border, white below it. Pure. */
export function outlinePixels(width: number, height: number, stripHeight: number): PagePixels {
  const row = width * CHANNELS;
  const data = Buffer.alloc(row * (height + stripHeight));
  data.fill(rgb(PAGE_GREY), 0, row * height);
  data.fill(rgb(WHITE), row * height);
  const border = rgb(BORDER);
  data.fill(border, 0, row);
  data.fill(border, row * (height - 1), row * height);
  for (let y = 0; y < height; y++) {
    border.copy(data, y * row);
    border.copy(data, y * row + row - CHANNELS);
  }
  return { data, width, height };
}

/**
 * The page to draw on, `width` × (`height` + `stripHeight`). A screenshot is scaled
 * to the page width and laid at the top: a taller capture loses its bottom, a
 * shorter one is continued in page grey, so page pixels and heat stay aligned.
 */
export async function pagePixels(width: number, height: number, stripHeight: number, background?: PageScreenshot): Promise<PagePixels> {
  if (!background) return outlinePixels(width, height, stripHeight);
  const scaledHeight = (background.height * width) / Math.max(1, background.width);
  const data = await sharp(background.png)
    .resize(width, height, { fit: scaledHeight >= height ? 'cover' : 'contain', position: 'top', background: PAGE_GREY })
    .extend({ bottom: stripHeight, background: WHITE })
    .flatten({ background: PAGE_GREY })
    .toColourspace('srgb')
    .raw()
    .toBuffer();
  return { data, width, height };
}

/** Copies `strip` (RGB rows `width` wide) into the rows below the page. */
export function putStrip(page: PagePixels, strip: Buffer): void {
  strip.copy(page.data, page.width * page.height * CHANNELS);
}

/** The finished image, with `overlays` (SVG layers) composited first, as one PNG encode. */
export function encodePng(page: PagePixels, stripHeight: number, overlays: OverlayOptions[] = []): Promise<Buffer> {
  const image = sharp(page.data, { raw: { width: page.width, height: page.height + stripHeight, channels: CHANNELS } });
  return (overlays.length ? image.composite(overlays) : image).png(PNG_OPTIONS).toBuffer();
}

// zlib level 4 without row filters: on a 1280×5000 heatmap (6.5 Mpx) it encodes in
// about two thirds of the CPU time of the default level 6, for a file about a
// quarter larger (1.1 MB instead of 0.86 MB); adaptive filtering and palette
// quantization both cost more time than they save bytes worth waiting for.
const PNG_OPTIONS: PngOptions = { compressionLevel: 4 };
