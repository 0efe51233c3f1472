// The layers laid over the rebuilt page besides the click canvas: scroll depth
// bands, frustration markers and the outline of a chosen element. Positions are
// percentages of the page, so the layers follow the page when it is rescaled.
import type { ScrollMap } from '../../api.ts';
import type { Box, PlacedClick } from './click-placement.ts';
import { h } from '../../ui/dom.ts';
import { formatNumber, formatShare } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';

export interface PageSize {
  width: number;
  height: number;
}

const pct = (n: number, of: number) => `${of > 0 ? (n / of) * 100 : 0}%`;

function place(el: HTMLElement, box: Box, page: PageSize): HTMLElement {
  el.style.left = pct(box.left, page.width);
  el.style.top = pct(box.top, page.height);
  el.style.width = pct(box.width, page.width);
  el.style.height = pct(box.height, page.height);
  return el;
}

/** One band per 5 % of the page, darker where fewer page views got that far, and the average fold. */
export function scrollLayer(map: ScrollMap): HTMLElement {
  const layer = h('div', { class: 'page-layer scroll-layer', 'data-testid': 'scroll-layer' });
  const bands = map.bands.filter((b) => b.depth < 100);
  for (const band of bands) {
    const reached = formatShare(band.share);
    const label = t('heatmaps.band', { share: reached, from: band.depth, to: band.depth + 5 });
    const el = h('div', { class: 'scroll-band', title: label, 'aria-label': label, role: 'img' }, h('span', { class: 'scroll-band__label' }, reached));
    el.style.top = `${band.depth}%`;
    el.style.height = '5%';
    // Unseen parts go dark; even a band every page view reached stays clear.
    el.style.backgroundColor = `rgba(29, 33, 39, ${(0.7 * (1 - Math.min(1, Math.max(0, band.share)))).toFixed(3)})`;
    layer.append(el);
  }
  if (map.pageViews > 0 && map.fold > 0 && map.fold < 1) {
    const fold = h('div', { class: 'scroll-fold' }, h('span', { class: 'scroll-fold__label' }, t('heatmaps.fold', { share: formatShare(map.fold) })));
    fold.style.top = `${map.fold * 100}%`;
    layer.append(fold);
  }
  return layer;
}

/** Max markers drawn: beyond this they hide the page; the list beside it has the rest. */
const MAX_MARKERS = 300;

/** Rage and dead clicks as markers on their elements; clicks within a few pixels share one marker. */
export function frustrationLayer(clicks: readonly PlacedClick[], page: PageSize): HTMLElement {
  const layer = h('div', { class: 'page-layer frustration-layer', 'data-testid': 'frustration-layer' });
  const spots = new Map<string, { x: number; y: number; selector: string; n: number; rage: number; dead: number }>();
  for (const c of clicks) {
    if (!c.rage && !c.dead) continue;
    const key = `${Math.round(c.x / 8)}:${Math.round(c.y / 8)}`;
    const spot = spots.get(key) ?? { x: c.x, y: c.y, selector: c.selector, n: 0, rage: 0, dead: 0 };
    spot.n++;
    if (c.rage) spot.rage++;
    if (c.dead) spot.dead++;
    spots.set(key, spot);
  }
  const shown = [...spots.values()].sort((a, b) => b.n - a.n).slice(0, MAX_MARKERS);
  for (const s of shown) {
    const kind = s.rage && s.dead ? 'both' : s.rage ? 'rage' : 'dead';
    const kinds = [s.rage && t('heatmaps.marker.rage', { count: s.rage }), s.dead && t('heatmaps.marker.dead', { count: s.dead })].filter(Boolean).join(', ');
    const label = t('heatmaps.marker', { count: s.n, selector: s.selector, kinds });
    const marker = h('span', { class: `frustration-marker frustration-marker--${kind}`, title: label, role: 'img', 'aria-label': label }, s.n > 1 ? formatNumber(s.n) : null);
    marker.style.left = pct(s.x, page.width);
    marker.style.top = pct(s.y, page.height);
    layer.append(marker);
  }
  return layer;
}

/** An outline around one element of the page. */
export function highlightBox(box: Box, page: PageSize): HTMLElement {
  return place(h('div', { class: 'highlight-box', 'data-testid': 'highlight-box' }), box, page);
}
