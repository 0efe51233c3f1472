// Heatmap reads on PostgreSQL, answering as the SQLite heatmaps.ts does: whole hours from
// the counters (whole days from their sums), the edges of a range and any read the
// counters cannot answer grouped from the clicks in SQL. SQLite's index hints and its
// scan-or-index choice for other cell sizes are left to PostgreSQL's planner.
import type { Pg } from './db.ts';
import { named } from './named.ts';
import type { Device } from '../../../contract/schemas/index.ts';
import { pgHeatmapDaysStore } from './heatmap-days.ts';
import type { PgHeatmapHoursStore } from './heatmap-hours.ts';
import { MAX_POINTS, type CellCount, type HeatmapFilter, type heatmapsStore } from '../heatmaps.ts';
import type { Async } from '../contract.ts';
import { HOUR_MS, TILE_CELL, addClickGroup, addView, emptyTile, packCellList, packCells, splitHours, type ClickGroup } from '../../heatmaps/hour-tile.ts';
import { addCounts, emptyCounts, mergeCounts, type HeatmapCounts } from '../../heatmaps/counts.ts';

type Filter = HeatmapFilter & { survey?: string; scoreMax?: number };

/**
 * Clicks of [@from, @to]: the hours first, written as clicks_sample's expression so that
 * index finds them, then the exact times. `c` is the table's alias with its dot.
 */
const clicksInRange = (c = '') =>
  `${c}ts / ${HOUR_MS} BETWEEN @from::bigint / ${HOUR_MS} AND @to::bigint / ${HOUR_MS} AND ${c}ts BETWEEN @from AND @to`;

/** Sessions in a survey segment; `column` names the session id of the rows being narrowed. */
const inSegment = (column: string) =>
  `AND ${column} IN (SELECT a.session_id FROM survey_answers a WHERE a.survey_id = @survey AND a.session_id IS NOT NULL AND a.score <= @scoreMax)`;

// A tenth of a pixel or percent is finer than any screen shows; rounding halves the JSON.
const POINT_COLUMNS = `round(c.x::numeric, 1)::float8 AS x, round(c.y::numeric, 1)::float8 AS y, c.selector, round(c.offset_x::numeric, 1)::float8 AS "offsetX",
  round(c.offset_y::numeric, 1)::float8 AS "offsetY", coalesce(p.doc_w, 0) AS "docWidth", c.rage, c.dead`;
type PointRow = { x: number; y: number; selector: string; offsetX: number; offsetY: number; docWidth: number; rage: number; dead: number };
const PAGE = 'site_id = @siteId AND page = @page AND device = @device';
const C_PAGE = 'c.site_id = @siteId AND c.page = @page AND c.device = @device';
// x / cell truncated toward zero, as SQLite's CAST(x / @cell AS INTEGER).
const CELL = 'trunc(x / @cell::float8)::bigint AS cx, trunc(y / @cell::float8)::bigint AS cy';

/** Every raw read, for all sessions (segment '') or narrowed to a survey segment. */
function readStatements(segment: (column: string) => string) {
  return {
    cells: named<Filter & { cell: number }>(`SELECT ${CELL}, count(*) AS n FROM clicks WHERE ${PAGE} AND ${clicksInRange()} ${segment('session_id')} GROUP BY cx, cy`),
    // Cells, selectors and totals in one pass over the clicks, not three.
    clickGroups: named<Filter & { cell: number }>(
      `SELECT ${CELL}, selector, count(*) AS n, sum(rage) AS rage, sum(dead) AS dead FROM clicks
       WHERE ${PAGE} AND ${clicksInRange()} ${segment('session_id')} GROUP BY cx, cy, selector`,
    ),
    views: named<Filter>(
      `SELECT max_scroll AS "maxScroll", viewport_h AS "viewportHeight", doc_h AS "docHeight", doc_w AS "docWidth" FROM page_views
       WHERE ${PAGE} AND ts BETWEEN @from AND @to ${segment('session_id')}`,
    ),
    // The partial index clicks_flagged holds exactly the rows of `rage = 1 OR dead = 1`.
    flagged: named<Filter>(
      `SELECT c.session_id AS session, c.ts, ${POINT_COLUMNS} FROM clicks c LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE ${C_PAGE} AND c.ts BETWEEN @from AND @to AND (c.rage = 1 OR c.dead = 1) ${segment('c.session_id')}
       ORDER BY c.ts DESC LIMIT 100`,
    ),
    allPoints: named<Filter & { limit: number }>(
      `SELECT ${POINT_COLUMNS} FROM clicks c LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE ${C_PAGE} AND ${clicksInRange('c.')} ${segment('c.session_id')} ORDER BY c.ts DESC LIMIT @limit`,
    ),
    // The clicks whose random key is below `below`, each in with the same chance, searched
    // hour by hour in clicks_sample: the hours with clicks come from the counters.
    samplePoints: named<Filter & { below: number }>(
      `SELECT ${POINT_COLUMNS} FROM clicks c LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE ${C_PAGE}
         AND c.ts / ${HOUR_MS} IN (SELECT h.hour FROM heatmap_hours h WHERE h.site_id = @siteId AND h.page = @page AND h.device = @device
           AND h.hour BETWEEN @from::bigint / ${HOUR_MS} AND @to::bigint / ${HOUR_MS} AND h.clicks > 0)
         AND c.sample < @below AND c.ts BETWEEN @from AND @to ${segment('c.session_id')}`,
    ),
    // The same over the whole range at once: for a segment, whose clicks come session by session.
    samplePointsAll: named<Filter & { below: number }>(
      `SELECT ${POINT_COLUMNS} FROM clicks c LEFT JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
       WHERE ${C_PAGE} AND c.sample < @below AND ${clicksInRange('c.')} ${segment('c.session_id')}`,
    ),
    // The sessions that clicked one element of the page, newest first, each with its first
    // such click as an offset into its replay (replays start at the session's first event).
    elementSessions: named<Filter & { selector: string; limit: number }>(
      `SELECT c.session_id AS id, GREATEST(0, min(c.ts) - s.started_at) AS at, count(*) AS clicks
       FROM clicks c JOIN sessions s ON s.id = c.session_id
       WHERE ${C_PAGE} AND c.selector = @selector AND ${clicksInRange('c.')} ${segment('c.session_id')}
       GROUP BY c.session_id, s.started_at ORDER BY min(c.ts) DESC LIMIT @limit`,
    ),
  };
}

const plain = readStatements(() => '');
const segmented = readStatements(inSegment);

// The newest page view of this page and device whose session holds a full snapshot taken
// around it (at load, or just after an SPA navigation); only the newest 500 are looked at.
const snapshotChunk = named<Filter>(
  `SELECT p.session_id AS session, c.seq, p.ts, p.url, p.viewport_w AS "viewportWidth", p.viewport_h AS "viewportHeight", p.doc_w AS "docWidth", p.doc_h AS "docHeight"
   FROM (SELECT * FROM page_views WHERE ${PAGE} AND ts BETWEEN @from AND @to ORDER BY ts DESC LIMIT 500) p
     JOIN chunks c ON c.session_id = p.session_id AND c.full_snapshot = 1 AND c.part_index IS NULL
     AND c.last_ts >= p.ts - 2000 AND c.first_ts <= p.ts + 10000
   ORDER BY p.ts DESC, c.seq LIMIT 1`,
);

export function pgHeatmapsStore(pg: Pg, hours: PgHeatmapHoursStore) {
  const days = pgHeatmapDaysStore(pg, hours);
  const all = <R extends object, P extends object>(s: { text: string; values(p: P): unknown[] }, p: P) => pg.rows<R & Record<string, unknown>>(s.text, s.values(p)) as Promise<R[]>;
  /** The statements for this filter, with the segment's parameters filled in. */
  const reads = (f: HeatmapFilter) =>
    f.survey === undefined ? { q: plain, p: f as Filter } : { q: segmented, p: { ...f, survey: f.survey, scoreMax: f.scoreMax ?? 10 } as Filter };

  /** Grouped from the clicks and page views themselves; cells of `cell` px. */
  async function rawCounts(f: HeatmapFilter, cell: number): Promise<HeatmapCounts> {
    const { q, p } = reads(f);
    const counts = emptyCounts();
    const t = emptyTile();
    const cells = new Map<number, number>();
    const [groups, views] = await Promise.all([
      all<ClickGroup, Filter & { cell: number }>(q.clickGroups, { ...p, cell }),
      all<{ maxScroll: number; viewportHeight: number; docHeight: number; docWidth: number }, Filter>(q.views, p),
    ]);
    for (const g of groups) addClickGroup(t, cells, g);
    for (const v of views) addView(t, v);
    addCounts(counts, t, { cell, packed: packCells(cells) });
    return counts;
  }

  return {
    /**
     * Everything a click or scroll map is drawn from: whole hours from the counters, their
     * edges and a survey segment (the counters know no sessions) grouped from the clicks;
     * for cells other than multiples of 8 px, the whole hours' cells grouped from the clicks.
     */
    async heatmapCounts(f: HeatmapFilter, cell: number): Promise<HeatmapCounts> {
      if (f.survey !== undefined) return rawCounts(f, cell);
      const { first, last, edges } = splitHours(f.from, f.to);
      const fromCounters = cell % TILE_CELL === 0;
      const counts = emptyCounts();
      if (first <= last) {
        await days.addCounted(counts, f, first, last, fromCounters);
        if (!fromCounters) {
          const cells = await all<CellCount, Filter & { cell: number }>(plain.cells, { ...f, from: first * HOUR_MS, to: (last + 1) * HOUR_MS - 1, cell });
          counts.cellParts.push({ cell, packed: packCellList(cells) });
        }
      }
      for (const [from, to] of edges) mergeCounts(counts, await rawCounts({ ...f, from, to }, fromCounters ? TILE_CELL : cell));
      return counts;
    },
    rawHeatmapCounts: rawCounts,
    /**
     * Clicks with what the viewer needs to place each on its element: all of them up to
     * MAX_POINTS, else an even random sample of about MAX_POINTS, each weighing
     * `total / sampled` clicks so the map's counts stay true.
     */
    async clickPoints(f: HeatmapFilter, total: number) {
      const { q, p } = reads(f);
      let rows: PointRow[];
      if (total <= MAX_POINTS) rows = await all<PointRow, Filter & { limit: number }>(q.allPoints, { ...p, limit: MAX_POINTS });
      else {
        // Each click is in with chance MAX_POINTS / total: about MAX_POINTS of them.
        const below = Math.floor(2 ** 31 * (MAX_POINTS / total));
        rows = await all<PointRow, Filter & { below: number }>(f.survey !== undefined ? q.samplePointsAll : q.samplePoints, { ...p, below });
      }
      const weight = total > MAX_POINTS && rows.length ? total / rows.length : 1;
      return rows.map((p) => ({ x: p.x, y: p.y, selector: p.selector, offsetX: p.offsetX, offsetY: p.offsetY, docWidth: p.docWidth, rage: p.rage === 1, dead: p.dead === 1, weight }));
    },
    /** Sessions with clicks on `selector` on this page, newest first, at most `limit`. */
    elementSessions(f: HeatmapFilter, selector: string, limit: number) {
      const { q, p } = reads(f);
      return all<{ id: string; at: number; clicks: number }, Filter & { selector: string; limit: number }>(q.elementSessions, { ...p, selector, limit });
    },
    snapshotFor: async (f: HeatmapFilter) =>
      (await all<{ session: string; seq: number; ts: number; url: string; viewportWidth: number; viewportHeight: number; docWidth: number; docHeight: number }, Filter>(snapshotChunk, f))[0] ?? null,
    heatmapPages: (siteId: number, device: Device, from: number, to: number) =>
      pg.rows<{ page: string; pageViews: number }>(
        `SELECT page, count(*) AS "pageViews" FROM page_views WHERE site_id = $1 AND device = $2 AND ts BETWEEN $3 AND $4
         GROUP BY page ORDER BY "pageViews" DESC, page LIMIT 200`,
        [siteId, device, from, to],
      ),
    async frustratedClicks(f: HeatmapFilter) {
      const { q, p } = reads(f);
      const rows = await all<PointRow & { session: string; ts: number }, Filter>(q.flagged, p);
      return rows.map((c) => ({ ...c, rage: c.rage === 1, dead: c.dead === 1 }));
    },
  } satisfies Async<ReturnType<typeof heatmapsStore>>;
}
