// Scroll map: how many page views reached each depth of the page, in 5 % bands.
import type { PageView } from '../../contract/schemas/index.ts';

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
 * The deepest 5 % band (0..20) a page view reached. It counts as reaching at least
 * its own fold even when no scroll depth was stored for it: the visitor saw the
 * first screen without scrolling.
 */
export function deepestBand(view: ScrollReach): number {
  const reach = Math.min(1, Math.max(Number.isFinite(view.maxScroll) ? view.maxScroll : 0, foldOf(view)));
  // Ratios can land a hair below a band edge in floating point; the epsilon keeps
  // a depth that is on an edge in that band.
  return Math.floor((reach * 100 + 1e-9) / BAND_STEP);
}

/** Shares of page views reaching each 5 % band. */
export function scrollBands(views: readonly ScrollReach[]): ScrollMap {
  const reachedUpTo = new Array<number>(100 / BAND_STEP + 1).fill(0);
  let foldSum = 0;
  for (const view of views) {
    foldSum += foldOf(view);
    reachedUpTo[deepestBand(view)]! += 1;
  }
  return scrollBandsFromReach(reachedUpTo, foldSum, views.length);
}

/**
 * The same from counters: page views by deepest band, and their folds' sum. Shares
 * never rise with depth, because every page view that reached a band also passed
 * all bands above it.
 */
export function scrollBandsFromReach(reachedUpTo: readonly number[], foldSum: number, count: number): ScrollMap {
  const steps = 100 / BAND_STEP;
  const bands: ScrollBand[] = [];
  let reached = 0;
  for (let i = steps; i >= 0; i--) {
    reached += reachedUpTo[i] ?? 0;
    bands.push({ depth: i * BAND_STEP, share: count ? reached / count : 0 });
  }
  bands.reverse();
  return { bands, fold: count ? foldSum / count : 0, pageViews: count };
}
