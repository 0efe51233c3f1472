// Top elements: which targets (by CSS selector) collect the clicks on a page.
import type { Click } from '../../contract/schemas/index.ts';

export interface ElementClicks {
  selector: string;
  clicks: number;
  /** Of all clicks on the page, 0..1. */
  share: number;
}

/**
 * The `limit` most-clicked selectors, most clicks first, ties by selector so the
 * order is stable between requests. Clicks without a selector count towards the
 * total (they were clicks on the page) but are not listed: there is nothing to name.
 */
export function topElements(clicks: readonly Pick<Click, 'selector'>[], limit = 10): ElementClicks[] {
  const bySelector = new Map<string, number>();
  for (const { selector } of clicks) {
    if (selector) bySelector.set(selector, (bySelector.get(selector) ?? 0) + 1);
  }
  return topElementsOf(bySelector, clicks.length, limit);
}

/** The same from counts per selector (heatmap counters), over `total` clicks. */
export function topElementsOf(bySelector: ReadonlyMap<string, number>, total: number, limit = 10): ElementClicks[] {
  return [...bySelector]
    .filter(([selector, n]) => selector && n > 0)
    .sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map(([selector, n]) => ({ selector, clicks: n, share: total ? n / total : 0 }));
}
