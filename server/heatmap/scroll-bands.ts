// Scroll map: how many page views reached each depth of the page, in 5 % bands.
import type { PageView } from '../schemas.ts';

/** One page view's deepest scroll (0..1 of the document height) and the sizes that set its fold. */
export type ScrollReach = Pick<PageView, 'viewportHeight' | 'docHeight'> & { maxScroll: number };

export interface ScrollBand {
  /** Percent of the document height, 0, 5, ..., 100. */
  depth: number;
  /** Share of page views that saw this depth, 0..1. */
  share: number;
}

export interface ScrollMap {
  bands: ScrollBand[];
  /** Mean first-screen height as a share of the document, 0..1 (0 with no page views). */
  fold: number;
  pageViews: number;
}

export const BAND_STEP = 5;

/** The first screen as a share of the document; a document no taller than the screen is all fold. */
export function foldOf(view: Pick<PageView, 'viewportHeight' | 'docHeight'>): number {
  if (!(view.docHeight > 0)) return 1;
  return Math.min(1, Math.max(0, view.viewportHeight / view.docHeight));
}

/**
 * Shares of page views reaching each 5 % band. A page view counts as reaching at
 * least its own fold even when no scroll depth was stored for it: the visitor saw
 * the first screen without scrolling. Shares never rise with depth, because every
 * page view that reached a band also passed all bands above it.
 */
export function scrollBands(views: readonly ScrollReach[]): ScrollMap {
  const steps = 100 / BAND_STEP;
  const reachedUpTo = new Array<number>(steps + 1).fill(0);
  let foldSum = 0;
  for (const view of views) {
    const fold = foldOf(view);
    foldSum += fold;
    const reach = Math.min(1, Math.max(Number.isFinite(view.maxScroll) ? view.maxScroll : 0, fold));
    // Ratios can land a hair below a band edge in floating point; the epsilon keeps
    // a depth that is on an edge in that band.
    const deepest = Math.floor((reach * 100 + 1e-9) / BAND_STEP);
    reachedUpTo[deepest]! += 1;
  }
  const count = views.length;
  const bands: ScrollBand[] = [];
  let reached = 0;
  for (let i = steps; i >= 0; i--) {
    reached += reachedUpTo[i]!;
    bands.push({ depth: i * BAND_STEP, share: count ? reached / count : 0 });
  }
  bands.reverse();
  return { bands, fold: count ? foldSum / count : 0, pageViews: count };
}
