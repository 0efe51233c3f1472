// Heatmap reads. Whole hours are summed from the counters (heatmap-hours.ts; whole
// days from their sums, heatmap-days.ts); the edges of a range, and any read the
// counters cannot answer, are grouped in SQLite over the (site, page, device, ts)
// index, so no click is loaded one by one.
import type { Db } from './db.ts';
import type { Device } from '../../contract/schemas/index.ts';
import type { HeatmapHoursStore } from './heatmap-hours.ts';
import { heatmapDaysStore } from './heatmap-days.ts';
import { HOUR_MS, TILE_CELL, addClickGroup, addView, emptyTile, packCellList, packCells, splitHours, type ClickGroup } from '../heatmaps/hour-tile.ts';
import { addCounts, emptyCounts, mergeCounts, type HeatmapCounts } from '../heatmaps/counts.ts';

/** Points the viewer places one by one: all clicks up to this many, else an even sample of about this many. */
export const MAX_POINTS = 2000;

export interface HeatmapFilter {
  siteId: number; page: string; device: Device; from: number; to: number;
  /** A survey segment: only sessions whose answer to this survey scored at most scoreMax (e.g. NPS detractors). */
  survey?: string; scoreMax?: number;
}

/**
 * Clicks of [@from, @to]: the hours first, so the (site, page, device, hour, sample, ts)
 * index finds them, then the exact times. `c` is the table's alias with its dot.
 */
const clicksInRange = (c = '') =>
  `CAST(${c}ts / ${HOUR_MS} AS INTEGER) BETWEEN CAST(@from / ${HOUR_MS} AS INTEGER) AND CAST(@to / ${HOUR_MS} AS INTEGER) AND ${c}ts BETWEEN @from AND @to`;

/** Sessions in a survey segment; `column` names the session id of the rows being narrowed. */
const inSegment = (column: string) =>
  `AND ${column} IN (SELECT a.session_id FROM survey_answers a WHERE a.survey_id = @survey AND a.session_id IS NOT NULL AND a.score <= @scoreMax)`;

export interface CellCount { cx: number; cy: number; n: number }

export function heatmapsStore(db: Db, hours: HeatmapHoursStore) {
  const days = heatmapDaysStore(db, hours);
  const pages = db.prepare<[number, string, number, number], { page: string; pageViews: number }>(
    `SELECT page, count(*) AS pageViews FROM page_views WHERE site_id = ? AND device = ? AND ts BETWEEN ? AND ?
     GROUP BY page ORDER BY pageViews DESC, page LIMIT 200`,
  );
  // Every raw read twice: for all sessions, and narrowed to a survey segment.
  function readStatements(segment: string, bySession: string, index: { clicks: string; flagged: string; views: string }) {
    const cells = db.prepare<[HeatmapFilter & { cell: number }], CellCount>(
      `SELECT CAST(x / @cell AS INTEGER) AS cx, CAST(y / @cell AS INTEGER) AS cy, count(*) AS n FROM clicks ${index.clicks}
       WHERE site_id = @siteId AND page = @page AND device = @device AND ${clicksInRange()} ${segment} GROUP BY cx, cy`,
    );
    // Cells, selectors and totals in one pass over the clicks, not three: each (cell, selector)
    // group is a row, and a cell rarely holds more than a few click targets.
    const clickGroups = db.prepare<[HeatmapFilter & { cell: number }], ClickGroup>(
      `SELECT CAST(x / @cell AS INTEGER) AS cx, CAST(y / @cell AS INTEGER) AS cy, selector, count(*) AS n, sum(rage) AS rage, sum(dead) AS dead
       FROM clicks ${index.clicks}
       WHERE site_id = @siteId AND page = @page AND device = @device AND ${clicksInRange()} ${segment} GROUP BY cx, cy, selector`,
    );
    const views = db.prepare<[HeatmapFilter], { maxScroll: number; viewportHeight: number; docHeight: number; docWidth: number }>(
      `SELECT max_scroll AS maxScroll, viewport_h AS viewportHeight, doc_h AS docHeight, doc_w AS docWidth FROM page_views ${index.views}
       WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to ${segment}`,
    );
    type PointRow = { x: number; y: number; selector: string; offsetX: number; offsetY: number; docWidth: number; rage: number; dead: number };
    // A tenth of a pixel or percent is finer than any screen shows; rounding halves the JSON.
    const POINT_COLUMNS = `round(c.x, 1) AS x, round(c.y, 1) AS y, c.selector, round(c.offset_x, 1) AS offsetX, round(c.offset_y, 1) AS offsetY, coalesce(p.doc_w, 0) AS docWidth, c.rage, c.dead`;
    // The partial index clicks_flagged holds exactly the rows of `rage = 1 OR dead = 1`.
    const flagged = db.prepare<[HeatmapFilter], PointRow & { session: string; ts: number }>(
      `SELECT c.session_id AS session, c.ts, ${POINT_COLUMNS} FROM clicks c ${index.flagged}
         LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE c.site_id = @siteId AND c.page = @page AND c.device = @device AND c.ts BETWEEN @from AND @to AND (c.rage = 1 OR c.dead = 1) ${bySession}
       ORDER BY c.ts DESC LIMIT 100`,
    );
    const allPoints = db.prepare<[HeatmapFilter & { limit: number }], PointRow>(
      `SELECT ${POINT_COLUMNS} FROM clicks c ${index.clicks} LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE c.site_id = @siteId AND c.page = @page AND c.device = @device AND ${clicksInRange('c.')} ${bySession}
       ORDER BY c.ts DESC LIMIT @limit`,
    );
    // The clicks whose random key is below `below`, each in with the same chance. The
    // hours with clicks come from the counters, and the (…, hour, sample, ts) index is
    // searched once per hour inside one statement: 720 statements a month cost twice as much.
    const samplePoints = db.prepare<[HeatmapFilter & { below: number }], PointRow>(
      `SELECT ${POINT_COLUMNS} FROM clicks c ${index.clicks} LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE c.site_id = @siteId AND c.page = @page AND c.device = @device
         AND CAST(c.ts / ${HOUR_MS} AS INTEGER) IN (SELECT h.hour FROM heatmap_hours h WHERE h.site_id = @siteId AND h.page = @page AND h.device = @device
           AND h.hour BETWEEN CAST(@from / ${HOUR_MS} AS INTEGER) AND CAST(@to / ${HOUR_MS} AS INTEGER) AND h.clicks > 0)
         AND c.sample < @below AND c.ts BETWEEN @from AND @to ${bySession}`,
    );
    // The same over the whole range at once: for a segment, whose clicks come session by session.
    const samplePointsAll = db.prepare<[HeatmapFilter & { below: number }], PointRow>(
      `SELECT ${POINT_COLUMNS} FROM clicks c ${index.clicks} LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE c.site_id = @siteId AND c.page = @page AND c.device = @device AND c.sample < @below AND ${clicksInRange('c.')} ${bySession}`,
    );
    return { cells, clickGroups, views, flagged, allPoints, samplePoints, samplePointsAll };
  }
  const plain = readStatements('', '', { clicks: '', flagged: 'INDEXED BY clicks_flagged', views: '' });
  // The cells of a page that holds most of the table's clicks: read in table order, as a
  // plain GROUP BY does. Through the index each click costs a lookup of its row, which
  // made that read 1.4× the CPU of the whole-table scan over a million clicks.
  const cellsByScan = db.prepare<[HeatmapFilter & { cell: number }], CellCount>(
    `SELECT CAST(x / @cell AS INTEGER) AS cx, CAST(y / @cell AS INTEGER) AS cy, count(*) AS n FROM clicks NOT INDEXED
     WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to GROUP BY cx, cy`,
  );
  const SCAN_SHARE = 0.3;
  // The number of clicks stored, or more after erasures (ids only grow): found in the primary
  // key at once, where count(*) reads the table; an overestimate only makes the scan rarer.
  const storedClicks = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM clicks').pluck();
  // A segment is read session by session (the segment's sessions, then each one's clicks
  // by clicks_session) rather than by filtering every click of the page: a segment of
  // one session in a hundred took 1.6 s that way over a million clicks.
  const segmented = readStatements(inSegment('session_id'), inSegment('c.session_id'), {
    clicks: 'INDEXED BY clicks_session',
    flagged: 'INDEXED BY clicks_session',
    views: 'INDEXED BY sqlite_autoindex_page_views_1', // the (session_id, pv) primary key
  });
  /** The statements for this filter, with the segment's parameters filled in. */
  const reads = (f: HeatmapFilter) =>
    f.survey === undefined ? { q: plain, p: f } : { q: segmented, p: { ...f, survey: f.survey, scoreMax: f.scoreMax ?? 10 } };

  // The newest page view of this page and device whose session holds a full snapshot
  // taken around it (at load, or just after an SPA navigation). Only the newest 500
  // page views are looked at: nearly every one has its snapshot, and a page with
  // 200,000 views and none would otherwise cost a probe for each.
  const snapshotChunk = db.prepare<[HeatmapFilter], { session: string; seq: number; ts: number; url: string; viewportWidth: number; viewportHeight: number; docWidth: number; docHeight: number }>(
    `SELECT p.session_id AS session, c.seq, p.ts, p.url, p.viewport_w AS viewportWidth, p.viewport_h AS viewportHeight, p.doc_w AS docWidth, p.doc_h AS docHeight
     FROM (SELECT * FROM page_views WHERE site_id = @siteId AND page = @page AND device = @device AND ts BETWEEN @from AND @to ORDER BY ts DESC LIMIT 500) p
       JOIN chunks c ON c.session_id = p.session_id AND c.full_snapshot = 1 AND c.part_index IS NULL
       AND c.last_ts >= p.ts - 2000 AND c.first_ts <= p.ts + 10000
     ORDER BY p.ts DESC, c.seq LIMIT 1`,
  );

  // The sessions that clicked one element of the page, newest first, each with its first
  // such click as an offset into its replay (replays start at the session's first event).
  const elementSessionsOf = (segment: string) =>
    db.prepare<[HeatmapFilter & { selector: string; limit: number }], { id: string; at: number; clicks: number }>(
      `SELECT c.session_id AS id, max(0, min(c.ts) - s.started_at) AS at, count(*) AS clicks
       FROM clicks c JOIN sessions s ON s.id = c.session_id
       WHERE c.site_id = @siteId AND c.page = @page AND c.device = @device AND c.selector = @selector AND ${clicksInRange('c.')} ${segment}
       GROUP BY c.session_id ORDER BY min(c.ts) DESC LIMIT @limit`,
    );
  const elementSessions = { plain: elementSessionsOf(''), segmented: elementSessionsOf(inSegment('c.session_id')) };

  /** Grouped from the clicks and page views themselves; cells of `cell` px. */
  function rawCounts(f: HeatmapFilter, cell: number): HeatmapCounts {
    const { q, p } = reads(f);
    const counts = emptyCounts();
    const t = emptyTile();
    const cells = new Map<number, number>();
    for (const g of q.clickGroups.iterate({ ...p, cell })) addClickGroup(t, cells, g);
    for (const v of q.views.iterate(p)) addView(t, v);
    addCounts(counts, t, { cell, packed: packCells(cells) });
    return counts;
  }

  return {
    /**
     * Everything a click or scroll map is drawn from. Whole hours come from the
     * counters; their edges, and a read narrowed to a survey segment (the counters
     * know no sessions), are grouped from the clicks. The counters' cells are 8 px
     * (and so make 16, 24, ... px maps); for any other cell size only the whole
     * hours' cells are grouped from the clicks, and everything else still comes
     * from the counters.
     */
    heatmapCounts(f: HeatmapFilter, cell: number): HeatmapCounts {
      if (f.survey !== undefined) return rawCounts(f, cell);
      const { first, last, edges } = splitHours(f.from, f.to);
      const fromCounters = cell % TILE_CELL === 0;
      const counts = emptyCounts();
      if (first <= last) {
        days.addCounted(counts, f, first, last, fromCounters);
        if (!fromCounters) {
          // The counters say how many clicks those hours hold: enough of the table, and it is scanned.
          const cells = counts.totals.clicks > SCAN_SHARE * storedClicks.get()! ? cellsByScan : plain.cells;
          counts.cellParts.push({ cell, packed: packCellList(cells.all({ ...f, from: first * HOUR_MS, to: (last + 1) * HOUR_MS - 1, cell })) });
        }
      }
      for (const [from, to] of edges) mergeCounts(counts, rawCounts({ ...f, from, to }, fromCounters ? TILE_CELL : cell));
      return counts;
    },
    rawHeatmapCounts: rawCounts,
    /**
     * Clicks with what the viewer needs to place each on its element: all of them up
     * to MAX_POINTS, else an even random sample of about MAX_POINTS, each weighing
     * `total / sampled` clicks so the map's counts stay true.
     */
    clickPoints(f: HeatmapFilter, total: number) {
      const { q, p } = reads(f);
      let rows: ReturnType<typeof q.allPoints.all>;
      if (total <= MAX_POINTS) rows = q.allPoints.all({ ...p, limit: MAX_POINTS });
      else {
        // Each click is in with chance MAX_POINTS / total: about MAX_POINTS of them.
        const below = Math.floor(2 ** 31 * (MAX_POINTS / total));
        rows = (f.survey !== undefined ? q.samplePointsAll : q.samplePoints).all({ ...p, below });
      }
      const weight = total > MAX_POINTS && rows.length ? total / rows.length : 1;
      // Spelled out rather than spread: a month's sample is 2,000 of these per request.
      return rows.map((p) => ({ x: p.x, y: p.y, selector: p.selector, offsetX: p.offsetX, offsetY: p.offsetY, docWidth: p.docWidth, rage: p.rage === 1, dead: p.dead === 1, weight }));
    },
    /** Sessions with clicks on `selector` on this page, newest first, at most `limit`. */
    elementSessions(f: HeatmapFilter, selector: string, limit: number) {
      const { p } = reads(f);
      return (f.survey === undefined ? elementSessions.plain : elementSessions.segmented).all({ ...p, selector, limit });
    },
    snapshotFor: (f: HeatmapFilter) => snapshotChunk.get(f) ?? null,
    heatmapPages: (siteId: number, device: Device, from: number, to: number) => pages.all(siteId, device, from, to),
    frustratedClicks: (f: HeatmapFilter) => reads(f).q.flagged.all(reads(f).p).map((c) => ({ ...c, rage: c.rage === 1, dead: c.dead === 1 })),
  };
}
