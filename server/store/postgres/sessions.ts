// Read side of sessions on PostgreSQL: the list with filters, one session's detail, its
// chunks in order. The same answers as ../sessions.ts; orders that SQLite gets from an
// index (ties of a click's time, tags by name) are spelt out, since PostgreSQL promises none.
import type { Pg } from './db.ts';
import { C, pgListQuery } from './session-list.ts';
import { sortOf, type ListCursor, type SessionFilter } from '../session-list.ts';
import type { sessionsStore, StoredChunkRef, ReplayChunkRef } from '../sessions.ts';
import type { Async } from '../contract.ts';
import { platformLabel } from '../../ingest/user-agent.ts';
import type { Click, StoredConsentReceipt, Device, SessionDetail, SessionSummary } from '../../../contract/schemas/index.ts';

interface SessionRow {
  id: string; site_key: string; visitor_id: string; started_at: number; last_at: number; entry_url: string;
  page_count: number; click_count: number; device: Device; viewport_w: number; viewport_h: number;
  chunk_count: number; max_seq: number; consent: string | null; duration: number; rage_count: number; dead_count: number;
  answered: number; identified: number; browser: string; browser_major: string; os: string; os_major: string;
}

const SESSION_COLUMNS = `s.id, st.key AS site_key, s.visitor_id, s.started_at, s.last_at, s.entry_url, s.page_count,
  s.click_count, s.device, s.viewport_w, s.viewport_h, s.chunk_count, s.max_seq, s.consent,
  s.duration, s.rage_count, s.dead_count, s.answered, s.identified, s.browser, s.browser_major, s.os, s.os_major`;

const CHUNK_LIST = 'SELECT seq, part_index AS "partIndex", part_count AS "partCount" FROM chunks WHERE session_id = $1 ORDER BY seq';

export function pgSessionsStore(pg: Pg) {
  const chunkList = (id: string) => pg.rows<StoredChunkRef>(CHUNK_LIST, [id]);

  /** Missing seq numbers below the highest received one: the replay skips there. */
  async function gapsOf(row: SessionRow): Promise<number[]> {
    if (row.chunk_count === row.max_seq + 1) return [];
    const have = new Set((await chunkList(row.id)).map((r) => r.seq));
    const gaps: number[] = [];
    for (let s = 0; s <= row.max_seq && gaps.length < 1000; s++) if (!have.has(s)) gaps.push(s);
    return gaps;
  }

  async function tagsOf(ids: string[]): Promise<Map<string, string[]>> {
    const tags = new Map<string, string[]>();
    if (!ids.length) return tags;
    const rows = await pg.rows<{ session_id: string; tag: string }>(
      `SELECT session_id, tag FROM session_tags WHERE session_id = ANY($1::text[]) ORDER BY tag ${C}`, [ids],
    );
    for (const r of rows) {
      const list = tags.get(r.session_id);
      if (list) list.push(r.tag);
      else tags.set(r.session_id, [r.tag]);
    }
    return tags;
  }

  async function toSummary(row: SessionRow, tags?: string[]): Promise<SessionSummary> {
    return {
      id: row.id, site: row.site_key, visitor: row.visitor_id, startedAt: row.started_at,
      duration: Math.max(0, row.last_at - row.started_at), entryUrl: row.entry_url, pages: row.page_count,
      clicks: row.click_count, device: row.device, viewport: { width: row.viewport_w, height: row.viewport_h },
      chunks: row.chunk_count, gaps: await gapsOf(row),
      browser: platformLabel(row.browser, row.browser_major), os: platformLabel(row.os, row.os_major),
      rageClicks: row.rage_count, deadClicks: row.dead_count, answered: row.answered === 1, identified: row.identified === 1,
      tags: tags ?? (await tagsOf([row.id])).get(row.id) ?? [],
    };
  }

  const one = (id: string) => pg.row<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions s JOIN sites st ON st.id = s.site_id WHERE s.id = $1`, [id]);

  return {
    async listSessions(f: SessionFilter): Promise<{ sessions: SessionSummary[]; next: ListCursor | null }> {
      const { sql, values } = pgListQuery(f, SESSION_COLUMNS);
      const rows = await pg.rows<SessionRow>(sql, values);
      const page = rows.slice(0, f.limit);
      const last = page[page.length - 1];
      const tags = await tagsOf(page.map((r) => r.id));
      const sort = f.sort ?? '-startedAt';
      const keyOf = { startedAt: last?.started_at, duration: last?.duration, clicks: last?.click_count, rage: last?.rage_count }[sortOf(sort).field];
      return {
        sessions: await Promise.all(page.map((r) => toSummary(r, tags.get(r.id) ?? []))),
        next: rows.length > f.limit && last && keyOf !== undefined ? { sort, key: keyOf, id: last.id } : null,
      };
    },

    async sessionSummary(id: string): Promise<SessionSummary | null> {
      const row = await one(id);
      return row ? toSummary(row) : null;
    },

    async sessionDetail(id: string): Promise<SessionDetail | null> {
      const row = await one(id);
      if (!row) return null;
      const [pageViews, clicks, answers, tracked] = await Promise.all([
        pg.rows<{ pv: number; url: string; title: string; ts: number; viewport_w: number; viewport_h: number; doc_w: number; doc_h: number; max_scroll: number }>(
          'SELECT pv, url, title, ts, viewport_w, viewport_h, doc_w, doc_h, max_scroll FROM page_views WHERE session_id = $1 ORDER BY pv', [id],
        ),
        // Ties of time in the order they were stored, as SQLite's (session_id, ts) index gives them.
        pg.rows<{ pv: number; ts: number; x: number; y: number; selector: string; offset_x: number; offset_y: number; rage: number; dead: number }>(
          'SELECT pv, ts, x, y, selector, offset_x, offset_y, rage, dead FROM clicks WHERE session_id = $1 ORDER BY ts, id LIMIT 5000', [id],
        ),
        pg.rows<{ id: string; survey: string; kind: 'nps' | 'csat' | 'ces'; score: number; comment: string | null; ts: number }>(
          `SELECT a.id, a.survey_id AS survey, v.kind, a.score, a.comment, a.ts FROM survey_answers a JOIN surveys v ON v.id = a.survey_id
           WHERE a.session_id = $1 AND a.score IS NOT NULL ORDER BY a.ts, a.id ${C}`, [id],
        ),
        pg.rows<{ name: string }>(`SELECT name FROM session_events WHERE session_id = $1 ORDER BY name ${C}`, [id]),
      ]);
      const clickList: Click[] = clicks.map((c) => ({
        pv: c.pv, ts: c.ts, x: c.x, y: c.y, selector: c.selector, offsetX: c.offset_x, offsetY: c.offset_y, rage: c.rage === 1, dead: c.dead === 1,
      }));
      return {
        ...(await toSummary(row)),
        pageViews: pageViews.map((p) => ({
          pv: p.pv, url: p.url, title: p.title, ts: p.ts, viewportWidth: p.viewport_w, viewportHeight: p.viewport_h,
          docWidth: p.doc_w, docHeight: p.doc_h, maxScroll: p.max_scroll,
        })),
        clickList,
        consent: row.consent ? (JSON.parse(row.consent) as StoredConsentReceipt) : null,
        surveyAnswers: answers,
        tracked: tracked.map((r) => r.name),
      };
    },

    /** Seq numbers of the stored chunks, in order. */
    chunkSeqs: async (id: string): Promise<number[]> => (await chunkList(id)).map((r) => r.seq),

    /** The stored chunks in seq order, with their part numbers when they carry part of one event. */
    chunkList,

    /** The stored chunks in seq order with their times and full-snapshot flags. */
    replayChunks: async (id: string): Promise<ReplayChunkRef[]> =>
      (
        await pg.rows<StoredChunkRef & { firstTs: number; lastTs: number; full: number }>(
          `SELECT seq, part_index AS "partIndex", part_count AS "partCount", first_ts AS "firstTs", last_ts AS "lastTs", full_snapshot AS "full"
           FROM chunks WHERE session_id = $1 ORDER BY seq`, [id],
        )
      ).map((r) => ({ ...r, full: r.full === 1 })),

    /** One stored chunk: callers stream a session chunk by chunk. */
    chunkData: async (id: string, seq: number): Promise<Buffer | null> =>
      (await pg.row<{ data: Buffer }>('SELECT data FROM chunks WHERE session_id = $1 AND seq = $2', [id, seq]))?.data ?? null,
  } satisfies Async<ReturnType<typeof sessionsStore>>;
}
