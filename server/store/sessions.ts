// Read side of sessions: the list with filters, one session's detail, its chunks in order.
import type { Db } from './db.ts';
import type { Click, StoredConsentReceipt, Device, SessionDetail, SessionSummary } from '../../contract/schemas/index.ts';

export interface SessionFilter {
  siteId?: number;
  from?: number;
  to?: number;
  url?: string;
  minDuration?: number;
  device?: Device;
  /** Sessions with an answer to this survey, scoring at most scoreMax when given. */
  survey?: string;
  scoreMax?: number;
  limit: number;
  after?: { startedAt: number; id: string };
}

interface SessionRow {
  id: string; site_key: string; visitor_id: string; started_at: number; last_at: number; entry_url: string;
  page_count: number; click_count: number; device: Device; viewport_w: number; viewport_h: number;
  chunk_count: number; max_seq: number; consent: string | null;
}

export interface StoredChunkRef { seq: number; partIndex: number | null; partCount: number | null }

/** A stored chunk as the replay index sees it: its times and whether it holds a full snapshot. */
export interface ReplayChunkRef extends StoredChunkRef { firstTs: number; lastTs: number; full: boolean }

const SESSION_COLUMNS = `s.id, st.key AS site_key, s.visitor_id, s.started_at, s.last_at, s.entry_url, s.page_count,
  s.click_count, s.device, s.viewport_w, s.viewport_h, s.chunk_count, s.max_seq, s.consent`;

export function sessionsStore(db: Db) {
  const listCache = new Map<string, ReturnType<Db['prepare']>>();
  const one = db.prepare<[string], SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions s JOIN sites st ON st.id = s.site_id WHERE s.id = ?`);
  const pageViews = db.prepare<[string], {
    pv: number; url: string; title: string; ts: number; viewport_w: number; viewport_h: number; doc_w: number; doc_h: number; max_scroll: number;
  }>('SELECT pv, url, title, ts, viewport_w, viewport_h, doc_w, doc_h, max_scroll FROM page_views WHERE session_id = ? ORDER BY pv');
  const clicks = db.prepare<[string], {
    pv: number; ts: number; x: number; y: number; selector: string; offset_x: number; offset_y: number; rage: number; dead: number;
  }>('SELECT pv, ts, x, y, selector, offset_x, offset_y, rage, dead FROM clicks WHERE session_id = ? ORDER BY ts LIMIT 5000');
  const answers = db.prepare<[string], { id: string; survey: string; kind: 'nps' | 'csat' | 'ces'; score: number; comment: string | null; ts: number }>(
    `SELECT a.id, a.survey_id AS survey, v.kind, a.score, a.comment, a.ts FROM survey_answers a JOIN surveys v ON v.id = a.survey_id
     WHERE a.session_id = ? AND a.score IS NOT NULL ORDER BY a.ts`,
  );
  const chunkData = db.prepare<[string, number], { data: Buffer }>('SELECT data FROM chunks WHERE session_id = ? AND seq = ?');
  const chunkList = db.prepare<[string], { seq: number; partIndex: number | null; partCount: number | null }>(
    'SELECT seq, part_index AS partIndex, part_count AS partCount FROM chunks WHERE session_id = ? ORDER BY seq',
  );

  const replayChunks = db.prepare<[string], { seq: number; partIndex: number | null; partCount: number | null; firstTs: number; lastTs: number; full: number }>(
    `SELECT seq, part_index AS partIndex, part_count AS partCount, first_ts AS firstTs, last_ts AS lastTs, full_snapshot AS full
     FROM chunks INDEXED BY chunks_replay WHERE session_id = ? ORDER BY seq`,
  );

  /** Missing seq numbers below the highest received one: the replay skips there. */
  function gapsOf(row: SessionRow): number[] {
    if (row.chunk_count === row.max_seq + 1) return [];
    const have = new Set(chunkList.all(row.id).map((r) => r.seq));
    const gaps: number[] = [];
    for (let s = 0; s <= row.max_seq && gaps.length < 1000; s++) if (!have.has(s)) gaps.push(s);
    return gaps;
  }

  function toSummary(row: SessionRow): SessionSummary {
    return {
      id: row.id, site: row.site_key, visitor: row.visitor_id, startedAt: row.started_at,
      duration: Math.max(0, row.last_at - row.started_at), entryUrl: row.entry_url, pages: row.page_count,
      clicks: row.click_count, device: row.device, viewport: { width: row.viewport_w, height: row.viewport_h },
      chunks: row.chunk_count, gaps: gapsOf(row),
    };
  }

  function listStatement(f: SessionFilter) {
    const where: string[] = [];
    if (f.siteId !== undefined) where.push('s.site_id = @siteId');
    if (f.from !== undefined) where.push('s.started_at >= @from');
    if (f.to !== undefined) where.push('s.started_at <= @to');
    if (f.minDuration !== undefined) where.push('s.last_at - s.started_at >= @minDuration');
    if (f.device !== undefined) where.push('s.device = @device');
    if (f.url !== undefined) where.push('EXISTS (SELECT 1 FROM page_views p WHERE p.session_id = s.id AND (p.page = @url OR instr(p.url, @url) > 0))');
    if (f.survey !== undefined) {
      const low = f.scoreMax !== undefined ? ' AND a.score <= @scoreMax' : ' AND a.score IS NOT NULL';
      where.push(`EXISTS (SELECT 1 FROM survey_answers a WHERE a.session_id = s.id AND a.survey_id = @survey${low})`);
    }
    if (f.after !== undefined) where.push('(s.started_at < @afterStartedAt OR (s.started_at = @afterStartedAt AND s.id > @afterId))');
    const sql = `SELECT ${SESSION_COLUMNS} FROM sessions s JOIN sites st ON st.id = s.site_id
      ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY s.started_at DESC, s.id ASC LIMIT @limit`;
    let stmt = listCache.get(sql);
    if (!stmt) listCache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  }

  return {
    listSessions(f: SessionFilter): { sessions: SessionSummary[]; next: { startedAt: number; id: string } | null } {
      const { after, ...rest } = f;
      const params = { ...rest, limit: f.limit + 1, ...(after ? { afterStartedAt: after.startedAt, afterId: after.id } : {}) };
      const rows = listStatement(f).all(params) as SessionRow[];
      const page = rows.slice(0, f.limit);
      const last = page[page.length - 1];
      return { sessions: page.map(toSummary), next: rows.length > f.limit && last ? { startedAt: last.started_at, id: last.id } : null };
    },

    sessionSummary(id: string): SessionSummary | null {
      const row = one.get(id);
      return row ? toSummary(row) : null;
    },

    sessionDetail(id: string): SessionDetail | null {
      const row = one.get(id);
      if (!row) return null;
      const clickList: Click[] = clicks.all(id).map((c) => ({
        pv: c.pv, ts: c.ts, x: c.x, y: c.y, selector: c.selector, offsetX: c.offset_x, offsetY: c.offset_y, rage: c.rage === 1, dead: c.dead === 1,
      }));
      return {
        ...toSummary(row),
        pageViews: pageViews.all(id).map((p) => ({
          pv: p.pv, url: p.url, title: p.title, ts: p.ts, viewportWidth: p.viewport_w, viewportHeight: p.viewport_h,
          docWidth: p.doc_w, docHeight: p.doc_h, maxScroll: p.max_scroll,
        })),
        clickList,
        consent: row.consent ? (JSON.parse(row.consent) as StoredConsentReceipt) : null,
        surveyAnswers: answers.all(id),
      };
    },

    /** Seq numbers of the stored chunks, in order. */
    chunkSeqs: (id: string): number[] => chunkList.all(id).map((r) => r.seq),

    /** The stored chunks in seq order, with their part numbers when they carry part of one event. */
    chunkList: (id: string): StoredChunkRef[] => chunkList.all(id),

    /** The stored chunks in seq order with their times and full-snapshot flags (read from the replay index). */
    replayChunks: (id: string): ReplayChunkRef[] => replayChunks.all(id).map((r) => ({ ...r, full: r.full === 1 })),

    /**
     * One stored chunk. Callers stream a session chunk by chunk with this rather than
     * iterate(): an open iterator would hold the connection busy and stall ingest.
     */
    chunkData: (id: string, seq: number): Buffer | null => chunkData.get(id, seq)?.data ?? null,
  };
}
