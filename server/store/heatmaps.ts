// Heatmap reads: grouped in SQLite over the (site, page, device, ts) indexes, so a
// heatmap over a million clicks never loads them one by one.
import type { Db } from './db.ts';
import type { Device } from '../schemas.ts';

export interface HeatmapFilter { siteId: number; page: string; device: Device; from: number; to: number }

export interface CellCount { cx: number; cy: number; n: number }

export function heatmapsStore(db: Db) {
  const pages = db.prepare<[number, string, number, number], { page: string; pageViews: number }>(
    `SELECT page, count(*) AS pageViews FROM page_views WHERE site_id = ? AND device = ? AND ts BETWEEN ? AND ?
     GROUP BY page ORDER BY pageViews DESC, page LIMIT 200`,
  );
  const cells = db.prepare<[HeatmapFilter & { cell: number }], CellCount>(
    `SELECT CAST(x / @cell AS INTEGER) AS cx, CAST(y / @cell AS INTEGER) AS cy, count(*) AS n FROM clicks
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to GROUP BY cx, cy`,
  );
  const selectors = db.prepare<[HeatmapFilter], { selector: string; clicks: number }>(
    `SELECT selector, count(*) AS clicks FROM clicks
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to
     GROUP BY selector ORDER BY clicks DESC, selector LIMIT 20`,
  );
  const clickTotals = db.prepare<[HeatmapFilter], { clicks: number; rage: number; dead: number }>(
    `SELECT count(*) AS clicks, coalesce(sum(rage), 0) AS rage, coalesce(sum(dead), 0) AS dead FROM clicks
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to`,
  );
  const views = db.prepare<[HeatmapFilter], { maxScroll: number; viewportHeight: number; docHeight: number; docWidth: number }>(
    `SELECT max_scroll AS maxScroll, viewport_h AS viewportHeight, doc_h AS docHeight, doc_w AS docWidth FROM page_views
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to`,
  );
  const flagged = db.prepare<[HeatmapFilter], { session: string; ts: number; selector: string; rage: number; dead: number }>(
    `SELECT session_id AS session, ts, selector, rage, dead FROM clicks
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to AND (rage = 1 OR dead = 1)
     ORDER BY ts DESC LIMIT 100`,
  );

  const points = db.prepare<[HeatmapFilter], { x: number; y: number; selector: string; offsetX: number; offsetY: number; docWidth: number; rage: number; dead: number }>(
    `SELECT c.x, c.y, c.selector, c.offset_x AS offsetX, c.offset_y AS offsetY, coalesce(p.doc_w, 0) AS docWidth, c.rage, c.dead
     FROM clicks c LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
     WHERE c.site_id = @siteId AND c.page = @page AND c.device = @device AND c.ts BETWEEN @from AND @to
     ORDER BY c.ts DESC LIMIT 10000`,
  );
  // The newest page view of this page and device whose session holds a full snapshot
  // taken around it (at load, or just after an SPA navigation).
  const snapshotChunk = db.prepare<[HeatmapFilter], { session: string; seq: number; ts: number; url: string; viewportWidth: number; viewportHeight: number; docWidth: number; docHeight: number }>(
    `SELECT p.session_id AS session, c.seq, p.ts, p.url, p.viewport_w AS viewportWidth, p.viewport_h AS viewportHeight, p.doc_w AS docWidth, p.doc_h AS docHeight
     FROM page_views p JOIN chunks c ON c.session_id = p.session_id AND c.full_snapshot = 1 AND c.part_index IS NULL
       AND c.last_ts >= p.ts - 2000 AND c.first_ts <= p.ts + 10000
     WHERE p.site_id = @siteId AND p.page = @page AND p.device = @device AND p.ts BETWEEN @from AND @to
     ORDER BY p.ts DESC, c.seq LIMIT 1`,
  );

  return {
    /** Up to 10,000 recent clicks with what the viewer needs to place them on their element. */
    clickPoints: (f: HeatmapFilter) => points.all(f).map((p) => ({ ...p, rage: p.rage === 1, dead: p.dead === 1 })),
    snapshotFor: (f: HeatmapFilter) => snapshotChunk.get(f) ?? null,
    heatmapPages: (siteId: number, device: Device, from: number, to: number) => pages.all(siteId, device, from, to),
    clickCells: (f: HeatmapFilter, cell: number): CellCount[] => cells.all({ ...f, cell }),
    clickSelectors: (f: HeatmapFilter) => selectors.all(f),
    clickTotals: (f: HeatmapFilter) => clickTotals.get(f) ?? { clicks: 0, rage: 0, dead: 0 },
    pageViewsFor: (f: HeatmapFilter) => views.all(f),
    frustratedClicks: (f: HeatmapFilter) => flagged.all(f).map((c) => ({ ...c, rage: c.rage === 1, dead: c.dead === 1 })),
  };
}
