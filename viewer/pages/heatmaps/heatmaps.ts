// /viewer/heatmaps : where people click, how far they scroll and where they get
// frustrated, drawn over the page as it was recorded, for one site, page, device
// class and day range (all in the URL).
import { ApiError, whoAmI, getClickHeatmap, getPageSnapshot, getScrollMap, heatmapPngHref, listHeatmapPages, listSites, listSurveys, type ClickHeatmap, type HeatmapQuery, type PageSnapshot, type ScrollMap } from '../../api.ts';
import type { Device } from '../../../contract/schemas/index.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatNumber, pathOf } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import { frustratedList } from './frustrated-list.ts';
import { heatmapFilterForm, heatmapFiltersFromSearch, searchFromHeatmapFilters, toHeatmapQuery, type HeatmapFilterForm, type HeatmapFilters } from './heatmap-filters.ts';
import { clickLegend, frustrationLegend, LAYERS, layerSwitch, scrollLegend } from './heatmap-legend.ts';
import { mountHeatmapStage, type Layer } from './heatmap-stage.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { HEATMAPS_HREF, navigate } from '../../router.ts';
import { topElementsTable } from './top-elements.ts';
import { elementSessionsPanel } from './element-sessions.ts';
import { pageKeysControl } from './page-keys-control.ts';

function layerFromSearch(search: string): Layer {
  const layer = new URLSearchParams(search).get('layer');
  return LAYERS.find((l) => l === layer) ?? 'clicks';
}

export function showHeatmaps(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('heatmaps.title')} · Einblick`;
  const filters = heatmapFiltersFromSearch(location.search);
  const layer = layerFromSearch(location.search);
  const hrefFor = (f: HeatmapFilters) => HEATMAPS_HREF + searchFromHeatmapFilters(f, { layer: layer === 'clicks' ? '' : layer });
  const chosen = heatmapFilterForm(filters, (next) => navigate(hrefFor(next)));
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true', 'aria-label': t('heatmaps.results') }, loadingNotice());
  replaceChildren(main, h('h1', { tabindex: '-1' }, t('heatmaps.title')), chosen.form, results);
  followScope(chosen, signal);

  load(results, filters, chosen, hrefFor, layer, signal).catch((err) => {
    if (isAbort(err)) return;
    results.setAttribute('aria-busy', 'false');
    replaceChildren(results, errorNotice(err));
  });
}

/** Keeps the page list in step with site, device and days while the form is edited. */
function followScope(chosen: HeatmapFilterForm, signal: AbortSignal): void {
  let pending: AbortController | undefined;
  chosen.onScopeChange((scope) => {
    pending?.abort();
    pending = new AbortController();
    const both = AbortSignal.any([signal, pending.signal]);
    if (!scope.site) return;
    listHeatmapPages({ site: scope.site, device: scope.device, ...dayRange(scope.from, scope.to) }, both).then(
      (pages) => chosen.setPages(pages, false),
      // The list stays as it was; "Show" then reports the problem for the chosen page.
      () => undefined,
    );
  });
}

/** Picks a site and a page when the URL has none (the first site, its most viewed page), then draws. */
async function load(results: HTMLElement, f: HeatmapFilters, chosen: HeatmapFilterForm, hrefFor: (f: HeatmapFilters) => string, layer: Layer, signal: AbortSignal): Promise<void> {
  const [sites, me] = await Promise.all([listSites(signal), whoAmI(signal).catch(() => null)]);
  chosen.setSites(sites);
  const site = sites.find((s) => s.key === f.site);
  // Admins may say here which query parameters make a page; the sites API decides.
  if (site && me?.role === 'admin') chosen.form.after(pageKeysControl(site));
  // The segment list only fills its filter; heatmaps work without it.
  listSurveys(f.site || undefined, signal).then(chosen.setSurveys, () => undefined);
  const firstSite = sites[0];
  if (!f.site && firstSite) return navigate(hrefFor({ ...f, site: firstSite.key }), { replace: true });
  if (!f.site) return showEmpty(results, t('heatmaps.noSites'));

  const pages = await listHeatmapPages({ site: f.site, device: f.device, ...dayRange(f.from, f.to) }, signal);
  chosen.setPages(pages, true);
  const firstPage = pages[0];
  if (!f.page && firstPage) return navigate(hrefFor({ ...f, page: firstPage.page }), { replace: true });
  if (!f.page) return showEmpty(results, t('heatmaps.noPages', { screens: t(`heatmaps.screens.${f.device}`) }));

  const q = toHeatmapQuery(f);
  const [snapshot, clicks, scroll] = await Promise.all([snapshotOrNull(q, signal), getClickHeatmap(q, signal), getScrollMap(q, signal)]);
  if (signal.aborted) return;
  document.title = `${t('heatmaps.pageTitle', { page: pathOf(f.page) })} · Einblick`;
  results.setAttribute('aria-busy', 'false');
  showHeatmap(results, { q, device: f.device, snapshot, clicks, scroll, layer }, signal);
}

async function snapshotOrNull(q: HeatmapQuery, signal: AbortSignal): Promise<PageSnapshot | null> {
  try {
    return await getPageSnapshot(q, signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && err.code !== 'site_not_found') return null;
    throw err;
  }
}

function showEmpty(results: HTMLElement, message: string): void {
  results.setAttribute('aria-busy', 'false');
  replaceChildren(results, infoNotice(h('p', { class: 'empty' }, message)));
}

interface Loaded {
  q: HeatmapQuery;
  device: Device;
  snapshot: PageSnapshot | null;
  clicks: ClickHeatmap;
  scroll: ScrollMap;
  layer: Layer;
}

function showHeatmap(results: HTMLElement, d: Loaded, signal: AbortSignal): void {
  const { totals } = d.clicks;
  const stageBox = h('div', { class: 'heatmap__stage' });
  const column = h(
    'section',
    { class: 'heatmap__page', 'aria-label': t('heatmaps.pageWithHeatmap') },
    d.snapshot
      ? null
      : infoNotice(
          h('p', null, h('strong', null, t('heatmaps.noSnapshot', { screen: t(`heatmaps.screen.${d.device}`) })), ' ', t('heatmaps.blankPage')),
          h('p', null, t('heatmaps.openOnce', { screen: t(`heatmaps.screen.${d.device}`) })),
        ),
    stageBox,
  );
  const legend = clickLegend();
  const whoClicked = elementSessionsPanel(d.q, signal);
  const layout = h('div', { class: 'heatmap', 'data-layer': d.layer });
  const setLayer = (layer: Layer) => {
    layout.setAttribute('data-layer', layer);
    stage.setLayer(layer);
    // Only the URL follows: the data is the same, so nothing is fetched again.
    const q = new URLSearchParams(location.search);
    if (layer === 'clicks') q.delete('layer');
    else q.set('layer', layer);
    history.replaceState(history.state, '', `${location.pathname}?${q}`);
  };
  const panel = h(
    'aside',
    { class: 'heatmap__panel', 'aria-label': t('heatmaps.details') },
    layerSwitch(d.layer, setLayer),
    legend.element,
    scrollLegend(d.scroll),
    frustrationLegend(),
    h(
      'p',
      { class: 'downloads' },
      h('a', { class: 'button', href: heatmapPngHref('clicks', d.q), download: 'einblick-clicks.png' }, t('heatmaps.downloadClicks')),
      h('a', { class: 'button', href: heatmapPngHref('scroll', d.q), download: 'einblick-scroll.png' }, t('heatmaps.downloadScroll')),
    ),
    h('div', { 'data-layer-panel': 'frustration' }, h('h2', null, t('heatmaps.frustratedHeading')), frustratedList(d.clicks.frustrated, signal)),
    whoClicked.element,
    h('h2', null, t('heatmaps.topHeading')),
    d.clicks.top.length
      ? h(
          'div',
          { class: 'table-scroll' },
          topElementsTable(d.clicks.top, (selector) => {
            whoClicked.show(selector);
            return stage.highlight(selector);
          }),
        )
      : h('p', { class: 'muted' }, t('heatmaps.noClicks')),
  );
  replaceChildren(
    results,
    h('p', { class: 'heatmap-totals', 'data-testid': 'heatmap-totals' }, t('heatmaps.totals', { clicks: t('heatmaps.clicks', { count: totals.clicks }), views: t('heatmaps.pageViews', { count: totals.pageViews }), rage: formatNumber(totals.rage), dead: formatNumber(totals.dead) })),
    layout,
  );
  layout.append(column, panel);
  // The stage measures its column, so the layout must be in the document first.
  const stage = mountHeatmapStage(stageBox, { snapshot: d.snapshot, clicks: d.clicks, scroll: d.scroll, onPeak: legend.setPeak, onSpot: whoClicked.show }, d.layer, signal);
}
