// The page with its heatmap layers: the rebuilt page (or a blank sheet of the
// recorded size when there is no snapshot), the click canvas exactly over it,
// and the scroll and frustration overlays. Scaled to fit the column, redrawn
// when the window or the rebuilt page changes size.
import type { ClickHeatmap, PageSnapshot, ScrollMap } from '../../api.ts';
import { boxFinder, placeClicks, type PlacedClick } from './click-placement.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { drawHeat } from './heat-canvas.ts';
import { frustrationLayer, highlightBox, scrollLayer, type PageSize } from './heatmap-overlays.ts';
import { rebuildPage, type RebuiltPage } from './page-snapshot.ts';
import { t } from '../../i18n/translate.ts';

export type Layer = 'clicks' | 'scroll' | 'frustration';

/** Screen pixels each click spreads over: about a fingertip, so nearby clicks merge into one spot. */
const RADIUS = 28;
/** Canvas backing stores above this many pixels on a side fail or get slow in browsers. */
const MAX_CANVAS_SIDE = 16_000;

export interface HeatmapStage {
  setLayer(layer: Layer): void;
  /** Outlines the element and scrolls to it; false when it is not on the rebuilt page. */
  highlight(selector: string): boolean;
}

export interface StageInput {
  snapshot: PageSnapshot | null;
  clicks: ClickHeatmap;
  scroll: ScrollMap;
  /** Told the hottest spot's density (in clicks) after every redraw, for the legend. */
  onPeak(peak: number): void;
  /** Told the element of the click spot a researcher chose on the page. */
  onSpot(selector: string): void;
}

/** The placed click nearest to (x, y) in page px, if one lies within `reach`. */
export function nearestClick(placed: readonly PlacedClick[], x: number, y: number, reach: number): PlacedClick | null {
  let best: PlacedClick | null = null;
  let bestDistance = reach * reach;
  for (const c of placed) {
    const d = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (d <= bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Fills `column` (in the document, so it has a width) with the page and its layers. */
export function mountHeatmapStage(column: HTMLElement, input: StageInput, layer: Layer, signal: AbortSignal): HeatmapStage {
  const replayRoot = h('div', { class: 'heatmap-page__replay' });
  const canvas = h('canvas', { class: 'heatmap-page__canvas', 'data-testid': 'click-canvas', 'aria-label': t('heatmaps.canvas'), role: 'img' });
  const overlays = h('div', { class: 'heatmap-page__overlays' });
  const frame = h('div', { class: 'heatmap-page', 'data-layer': layer }, replayRoot, canvas, overlays);
  replaceChildren(column, frame);

  const rebuilt: RebuiltPage | null = input.snapshot ? rebuildPage(replayRoot, input.snapshot.events, input.snapshot.width, input.snapshot.height, signal) : null;
  const page: PageSize = rebuilt ? { width: rebuilt.width, height: rebuilt.height } : { width: input.clicks.width, height: input.clicks.height };
  if (!rebuilt) replayRoot.append(h('div', { class: 'heatmap-page__blank' }));

  let placed: PlacedClick[] = [];
  let scale = 1;
  let findBox = boxFinder(rebuilt?.doc ?? null);
  let highlighted: string | null = null;

  function place(): void {
    findBox = boxFinder(rebuilt?.doc ?? null);
    const shownWidth = rebuilt?.doc.documentElement.scrollWidth ?? page.width;
    placed = placeClicks(input.clicks.points, findBox, shownWidth);
    // Markers from the newest rage and dead clicks themselves (the list beside links to
    // them): the points may be a sample, which would miscount them.
    replaceChildren(overlays, scrollLayer(input.scroll), frustrationLayer(placeClicks(input.clicks.frustrated, findBox, shownWidth), page));
    if (highlighted) showHighlight(highlighted);
  }

  function layout(): void {
    const style = getComputedStyle(column);
    const room = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    scale = Math.min(1, Math.max(0.1, room / page.width));
    const shown = { width: page.width * scale, height: page.height * scale };
    frame.style.width = `${shown.width}px`;
    frame.style.height = `${shown.height}px`;
    replayRoot.style.width = `${page.width}px`;
    replayRoot.style.height = `${page.height}px`;
    replayRoot.style.transform = `scale(${scale})`;
    canvas.style.width = `${shown.width}px`;
    canvas.style.height = `${shown.height}px`;
    const ratio = Math.min(window.devicePixelRatio || 1, MAX_CANVAS_SIDE / Math.max(shown.width, shown.height));
    canvas.width = Math.max(1, Math.round(shown.width * ratio));
    canvas.height = Math.max(1, Math.round(shown.height * ratio));
    const toCanvas = canvas.width / page.width;
    const spots = placed.map((c) => ({ x: c.x * toCanvas, y: c.y * toCanvas, weight: c.weight }));
    input.onPeak(drawHeat(canvas, spots, RADIUS * ratio));
  }

  function showHighlight(selector: string): boolean {
    overlays.querySelector('.highlight-box')?.remove();
    const box = findBox(selector);
    if (!box) return false;
    const outline = highlightBox(box, page);
    overlays.append(outline);
    outline.scrollIntoView({ block: 'center', behavior: 'smooth' });
    return true;
  }

  place();
  layout();

  canvas.addEventListener(
    'click',
    (e) => {
      const box = canvas.getBoundingClientRect();
      const spot = nearestClick(placed, (e.clientX - box.left) / scale, (e.clientY - box.top) / scale, RADIUS / scale);
      if (!spot) return;
      highlighted = spot.selector;
      showHighlight(spot.selector);
      input.onSpot(spot.selector);
    },
    { signal },
  );

  let frameRequest = 0;
  const relayout = () => {
    cancelAnimationFrame(frameRequest);
    frameRequest = requestAnimationFrame(layout);
  };
  window.addEventListener('resize', relayout, { signal });
  signal.addEventListener('abort', () => cancelAnimationFrame(frameRequest));
  // Images and web fonts in the rebuilt page load after it is built and can make it
  // taller; measure again then, and move the clicks with their elements.
  let settle = 0;
  rebuilt?.doc.addEventListener(
    'load',
    () => {
      clearTimeout(settle);
      settle = window.setTimeout(() => {
        if (signal.aborted || !rebuilt.remeasure()) return;
        page.height = rebuilt.height;
        place();
        layout();
      }, 150);
    },
    { capture: true, signal },
  );

  return {
    setLayer: (next) => frame.setAttribute('data-layer', next),
    highlight: (selector) => {
      highlighted = selector;
      return showHighlight(selector);
    },
  };
}
