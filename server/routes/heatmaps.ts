// Heatmaps for researchers: pages by traffic, click density (JSON and PNG) and
// scroll depth (JSON and PNG) for one page, device class and date range.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Device, epochOrDay, SurveySegment, segmentNeedsSurvey, Text } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import { clickDensity } from '../heatmaps/density.ts';
import { scrollBandsFromReach } from '../heatmaps/scroll-bands.ts';
import { gridOf, nonEmptyCells, type HeatmapCounts } from '../heatmaps/counts.ts';
import { TILE_CELL } from '../heatmaps/hour-tile.ts';
import { topElementsOf } from '../heatmaps/top-elements.ts';
import { renderClickHeatmapPng, renderScrollMapPng, MAX_PAGE_PIXELS } from '../heatmaps/render.ts';
import { pageKey } from '../heatmaps/page-key.ts';
import { captionPeriod } from '../heatmaps/caption-period.ts';
import type { ClickGrid } from '../heatmaps/grid.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../privacy/audit.ts';
import type { HeatmapFilter } from '../store/heatmaps.ts';
import type { Site } from '../store/sites.ts';
import { fullSnapshotNear, heatmapBackground } from '../heatmaps/background.ts';

const META = 4;
const TOP_ELEMENTS = 20;
const Base = z.strictObject({
  site: z.string().min(1).max(64),
  device: Device.default('desktop'),
  from: epochOrDay(false).optional(),
  to: epochOrDay(true).optional(),
});
const PageQuery = Base.extend({
  url: Text(2048).pipe(z.string().min(1)),
  cell: z.coerce.number().int().min(4).max(64).default(8),
  ...SurveySegment,
}).refine(...segmentNeedsSurvey);

const ElementQuery = z.object({ selector: Text(1024).pipe(z.string().min(1)) });
/** Sessions listed for one element: the newest; a researcher watches a few, not thousands. */
const ELEMENT_SESSIONS = 50;

const segmentCaption = (f: HeatmapFilter) => (f.survey === undefined ? '' : ` · survey ${f.survey}${f.scoreMax === undefined ? '' : ` score ≤ ${f.scoreMax}`}`);

const scrollMapOf = ({ totals }: HeatmapCounts) => scrollBandsFromReach(totals.reached, totals.foldSum, totals.pageViews);

export function heatmapRoutes(ctx: AppContext): Router {
  const { store, config } = ctx;
  const router = Router();
  const researcher = requireRole(store, 'researcher');

  async function filterOf(query: unknown): Promise<{ f: HeatmapFilter; cell: number; url: string; site: Site; period: string }> {
    const parsed = PageQuery.safeParse(query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const q = parsed.data;
    const site = await store.sites.siteByKey(q.site);
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${q.site}".`);
    const page = pageKey(q.url, site.pageQueryKeys);
    const f: HeatmapFilter = { siteId: site.id, page, device: q.device, from: q.from ?? 0, to: q.to ?? Date.now() };
    if (q.survey !== undefined) Object.assign(f, { survey: q.survey }, q.scoreMax === undefined ? {} : { scoreMax: q.scoreMax });
    return { f, cell: q.cell, url: page, site, period: captionPeriod(q.from, f.to) };
  }

  /** The page area to draw: the largest recorded document of these page views, bounded. */
  function pageArea({ totals }: HeatmapCounts): { width: number; height: number } {
    const width = Math.min(4096, Math.max(320, totals.docWidth));
    let height = Math.min(30_000, Math.max(200, totals.docHeight));
    if (width * height > MAX_PAGE_PIXELS) height = Math.floor(MAX_PAGE_PIXELS / width);
    return { width, height };
  }

  function clickGrid(counts: HeatmapCounts, cell: number, { width, height }: { width: number; height: number }): ClickGrid {
    return gridOf(counts, cell, Math.max(1, Math.ceil(width / cell)), Math.max(1, Math.ceil(height / cell)));
  }

  /**
   * The recorded page under a PNG, or undefined for the outline; the response says which.
   * Drawn with the assets captured with its recording: no request leaves for the site.
   */
  async function background(req: Request, res: Response, f: HeatmapFilter) {
    const background = await heatmapBackground(ctx, f);
    res.set('X-Einblick-Background', background ? 'screenshot' : 'outline');
    // The screenshot is one visitor's recorded page: a read of their recording, like /snapshot.
    if (background) await audit(ctx, req, 'replay.read', background.session, { via: 'heatmap' });
    return background?.shot;
  }

  router.get('/api/v1/heatmaps/pages', researcher, async (req, res) => {
    const parsed = Base.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const site = await store.sites.siteByKey(parsed.data.site);
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${parsed.data.site}".`);
    res.json({ pages: await store.heatmaps.heatmapPages(site.id, parsed.data.device, parsed.data.from ?? 0, parsed.data.to ?? Date.now()) });
  });

  router.get('/api/v1/heatmaps/clicks', researcher, async (req, res) => {
    const { f, cell, url } = await filterOf(req.query);
    const counts = await store.heatmaps.heatmapCounts(f, cell);
    const area = pageArea(counts);
    const grid = clickGrid(counts, cell, area);
    const { clicks, rage, dead, pageViews, selectors } = counts.totals;
    res.json({
      page: url, device: f.device, width: area.width, height: area.height, cell, cols: grid.cols, rows: grid.rows, cells: nonEmptyCells(grid),
      totals: { clicks, rage, dead, pageViews }, top: topElementsOf(selectors, clicks, TOP_ELEMENTS),
      frustrated: await store.heatmaps.frustratedClicks(f), points: await store.heatmaps.clickPoints(f, clicks),
    });
  });

  // From an element of the map to the sessions that clicked it, each to be opened at that click.
  router.get('/api/v1/heatmaps/element-sessions', researcher, async (req, res) => {
    const { selector, ...rest } = req.query as Record<string, unknown>;
    const parsed = ElementQuery.safeParse({ selector });
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const { f, url } = await filterOf(rest);
    res.json({ page: url, selector: parsed.data.selector, sessions: await store.heatmaps.elementSessions(f, parsed.data.selector, ELEMENT_SESSIONS) });
  });

  router.get('/api/v1/heatmaps/clicks.png', researcher, async (req, res) => {
    const { f, cell, url, period } = await filterOf(req.query);
    const counts = await store.heatmaps.heatmapCounts(f, cell);
    const area = pageArea(counts);
    const shot = await background(req, res, f);
    const density = clickDensity(clickGrid(counts, cell, area), 3);
    const caption = `${url} · ${f.device} · ${period}${segmentCaption(f)} · ${counts.totals.clicks} clicks, ${counts.totals.pageViews} page views`;
    const png = await renderClickHeatmapPng({ density: density.values, cols: density.cols, rows: density.rows, cell, width: area.width, height: area.height, caption, peakClicks: density.peakClicks, background: shot });
    res.type('png').send(png);
  });

  // The page as recorded, to draw the heatmap over: a Meta event and the full snapshot
  // nearest to the newest page view of this page and device class.
  router.get('/api/v1/heatmaps/snapshot', researcher, async (req, res) => {
    const { f } = await filterOf(req.query);
    const found = await store.heatmaps.snapshotFor(f);
    const data = found && await store.sessions.chunkData(found.session, found.seq);
    const snapshot = data ? await fullSnapshotNear(data, found.ts, config.limits.inflatedBytes) : null;
    if (!found || !snapshot) throw new HttpError(404, 'snapshot_not_found', `No page snapshot of this page was recorded on a ${f.device} screen in this period.`);
    const meta = { type: META, timestamp: snapshot.timestamp - 1, data: { href: found.url, width: found.viewportWidth, height: found.viewportHeight } };
    // One visitor's recorded page: a read of their recording, like a replay.
    await audit(ctx, req, 'replay.read', found.session, { via: 'heatmap' });
    res.json({ events: [meta, snapshot], width: found.docWidth, height: found.docHeight, session: found.session, ts: found.ts });
  });

  router.get('/api/v1/heatmaps/scroll', researcher, async (req, res) => {
    const { f, url } = await filterOf(req.query);
    res.json({ page: url, device: f.device, ...scrollMapOf(await store.heatmaps.heatmapCounts(f, TILE_CELL)) });
  });

  router.get('/api/v1/heatmaps/scroll.png', researcher, async (req, res) => {
    const { f, url, period } = await filterOf(req.query);
    const counts = await store.heatmaps.heatmapCounts(f, TILE_CELL);
    const area = pageArea(counts);
    const map = scrollMapOf(counts);
    const shot = await background(req, res, f);
    const caption = `${url} · ${f.device} · scroll depth · ${period}${segmentCaption(f)} · ${map.pageViews} page views`;
    res.type('png').send(await renderScrollMapPng({ bands: map.bands, fold: map.fold, width: area.width, height: area.height, caption, background: shot }));
  });

  return router;
}
