// Read side of sessions: the list with filters, one session's detail, its chunks in order.
import type { Db } from './db.ts';
import { listQuery, sortOf, type ListCursor, type SessionFilter } from './session-list.ts';
import { sessionPlanner } from './session-plan.ts';
import { platformLabel } from '../ingest/user-agent.ts';
import type { Click, StoredConsentReceipt, Device, SessionDetail, SessionSummary } from '../../contract/schemas/index.ts';

export type { SessionFilter, ListCursor } from './session-list.ts';

interface SessionRow {
  id: string; site_key: string; visitor_id: string; started_at: number; last_at: number; entry_url: string;
  page_count: number; click_count: number; device: Device; viewport_w: number; viewport_h: number;
  chunk_count: number; max_seq: number; consent: string | null; duration: number; rage_count: number; dead_count: number;
  answered: number; identified: number; browser: string; browser_major: string; os: string; os_major: string;
}

export interface StoredChunkRef { seq: number; partIndex: number | null; partCount: number | null }

/** A stored chunk as the replay index sees it: its times and whether it holds a full snapshot. */
export interface ReplayChunkRef extends StoredChunkRef { firstTs: number; lastTs: number; full: boolean }

const SESSION_COLUMNS = `s.id, st.key AS site_key, s.visitor_id, s.started_at, s.last_at, s.entry_url, s.page_count,
  s.click_count, s.device, s.viewport_w, s.viewport_h, s.chunk_count, s.max_seq, s.consent,
  s.duration, s.rage_count, s.dead_count, s.answered, s.identified, s.browser, s.browser_major, s.os, s.os_major`;

/** `driveAt`: see session-plan.ts. */
export function sessionsStore(db: Db, o: { driveAt?: number } = {}) {
  const listCache = new Map<string, ReturnType<Db['prepare']>>();
  const plan = sessionPlanner(db, o.driveAt);
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
  const tagsOfMany = db.prepare<[string], { session_id: string; tag: string }>(
    'SELECT session_id, tag FROM session_tags WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY tag',
  );
  const tracked = db.prepare<[string], { name: string }>('SELECT name FROM session_events WHERE session_id = ? ORDER BY name');
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

  function tagsOf(ids: string[]): Map<string, string[]> {
    const tags = new Map<string, string[]>();
    if (!ids.length) return tags;
    for (const r of tagsOfMany.all(JSON.stringify(ids))) {
      const list = tags.get(r.session_id);
      if (list) list.push(r.tag);
      else tags.set(r.session_id, [r.tag]);
    }
    return tags;
  }

  function toSummary(row: SessionRow, tags: string[] = tagsOf([row.id]).get(row.id) ?? []): SessionSummary {
    return {
      id: row.id, site: row.site_key, visitor: row.visitor_id, startedAt: row.started_at,
      duration: Math.max(0, row.last_at - row.started_at), entryUrl: row.entry_url, pages: row.page_count,
      clicks: row.click_count, device: row.device, viewport: { width: row.viewport_w, height: row.viewport_h },
      chunks: row.chunk_count, gaps: gapsOf(row),
      browser: platformLabel(row.browser, row.browser_major), os: platformLabel(row.os, row.os_major),
      rageClicks: row.rage_count, deadClicks: row.dead_count, answered: row.answered === 1, identified: row.identified === 1, tags,
    };
  }

  function listStatement(sql: string) {
    let stmt = listCache.get(sql);
    if (!stmt) listCache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  }

  return {
    listSessions(f: SessionFilter): { sessions: SessionSummary[]; next: ListCursor | null } {
      const { sql, params } = listQuery(f, SESSION_COLUMNS, plan(f));
      const rows = listStatement(sql).all(params) as SessionRow[];
      const page = rows.slice(0, f.limit);
      const last = page[page.length - 1];
      const tags = tagsOf(page.map((r) => r.id));
      const sort = f.sort ?? '-startedAt';
      const keyOf = { startedAt: last?.started_at, duration: last?.duration, clicks: last?.click_count, rage: last?.rage_count }[sortOf(sort).field];
      return {
        sessions: page.map((r) => toSummary(r, tags.get(r.id) ?? [])),
        next: rows.length > f.limit && last && keyOf !== undefined ? { sort, key: keyOf, id: last.id } : null,
      };
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
        tracked: tracked.all(id).map((r) => r.name),
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
