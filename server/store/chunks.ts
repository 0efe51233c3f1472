// Writes one chunk and everything derived from it in a single transaction, so a
// chunk is either fully stored (and only then acknowledged) or not at all.
import type { Db } from './db.ts';
import type { ChunkFacts, StoredConsentReceipt } from '../../contract/schemas/index.ts';
import { deviceClass } from '../ingest/device.ts';
import { sessionGate } from './session-gate.ts';
import { pageKey } from '../heatmaps/page-key.ts';
import { HourTally, hourKeyId, type HeatmapHoursStore, type HourKey } from './heatmap-hours.ts';
import { HOUR_MS } from '../heatmaps/hour-tile.ts';
import { leaksStore } from './leaks.ts';
import type { Catch } from '../pii/scrub-events.ts';
import { UNKNOWN_PLATFORM, type Platform } from '../ingest/user-agent.ts';

export interface ChunkWrite {
  siteId: number;
  chunk: ChunkFacts;
  eventCount: number;
  /** gzip(JSON array of the chunk's events) */
  data: Buffer;
  /** sha256 of the decompressed request body */
  hash: Buffer;
  firstTs: number;
  lastTs: number;
  fullSnapshot: boolean;
  externalHash: string | null;
  /** The chunk's consent receipt as it is kept (with the banner text's hash), if it carried one. */
  consent: StoredConsentReceipt | null;
  receivedAt: number;
  /** Personal data the server's scan caught (and masked in `data`), counted when the chunk is stored. */
  leaks?: Catch[];
  /** Browser and OS from the request's User-Agent: kept from the session's first chunk. */
  platform?: Platform;
}

/**
 * `started`: stored, and the first chunk to arrive of a new session. `erased`: its session
 * was erased; `visitor_erased`: its visitor was erased or revoked on this site.
 */
export type ChunkOutcome = 'stored' | 'started' | 'duplicate' | 'conflict' | 'erased' | 'visitor_erased' | 'foreign';

export function chunksStore(db: Db, hours: HeatmapHoursStore) {
  const gate = sessionGate(db);
  const existing = db.prepare<[string, number], { hash: Buffer }>('SELECT hash FROM chunks WHERE session_id = ? AND seq = ?');
  const upsertVisitor = db.prepare(
    `INSERT INTO visitors (site_id, id, first_seen, last_seen, external_hash) VALUES (@siteId, @visitor, @ts, @ts, @externalHash)
     ON CONFLICT (site_id, id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen),
       external_hash = coalesce(excluded.external_hash, external_hash)`,
  );
  // An answer may have arrived before the session's first chunk (its trigger found no row to mark).
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at, browser, browser_major, os, os_major, answered)
     VALUES (@session, @siteId, @visitor, @firstTs, @lastTs, @browser, @browserMajor, @os, @osMajor,
       EXISTS (SELECT 1 FROM survey_answers WHERE session_id = @session AND score IS NOT NULL))
     ON CONFLICT (id) DO NOTHING`,
  );
  const updateSession = db.prepare(
    `UPDATE sessions SET started_at = min(started_at, @firstTs), last_at = max(last_at, @lastTs),
       chunk_count = chunk_count + 1, max_seq = max(max_seq, @seq), bytes = bytes + @bytes,
       dropped = dropped + @dropped, click_count = click_count + @clicks,
       duration = max(0, max(last_at, @lastTs) - min(started_at, @firstTs)),
       rage_count = rage_count + @rage, dead_count = dead_count + @dead,
       identified = max(identified, (SELECT external_hash IS NOT NULL FROM visitors WHERE site_id = @siteId AND id = @visitor)),
       consent = coalesce(consent, @consent)
     WHERE id = @session`,
  );
  const insertChunk = db.prepare(
    `INSERT INTO chunks (session_id, seq, received_at, first_ts, last_ts, event_count, full_snapshot, hash, data, part_index, part_count)
     VALUES (@session, @seq, @receivedAt, @firstTs, @lastTs, @eventCount, @fullSnapshot, @hash, @data, @partIndex, @partCount)`,
  );
  const insertPageView = db.prepare(
    `INSERT INTO page_views (session_id, pv, site_id, url, page, title, ts, viewport_w, viewport_h, doc_w, doc_h, device)
     VALUES (@session, @pv, @siteId, @url, @page, @title, @ts, @viewportWidth, @viewportHeight, @docWidth, @docHeight, @device)
     ON CONFLICT (session_id, pv) DO NOTHING`,
  );
  // Entry page, page count and viewport follow from the page views, whatever order chunks arrive in.
  const refreshPages = db.prepare(
    `UPDATE sessions SET
       page_count = (SELECT count(*) FROM page_views WHERE session_id = @session),
       entry_url  = coalesce((SELECT url FROM page_views WHERE session_id = @session ORDER BY pv LIMIT 1), entry_url),
       viewport_w = coalesce((SELECT viewport_w FROM page_views WHERE session_id = @session ORDER BY pv LIMIT 1), viewport_w),
       viewport_h = coalesce((SELECT viewport_h FROM page_views WHERE session_id = @session ORDER BY pv LIMIT 1), viewport_h),
       device     = coalesce((SELECT device FROM page_views WHERE session_id = @session ORDER BY pv LIMIT 1), device)
     WHERE id = @session`,
  );
  const insertClick = db.prepare(
    `INSERT INTO clicks (session_id, pv, site_id, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead, sample)
     VALUES (@session, @pv, @siteId, @page, @device, @ts, @x, @y, @selector, @offsetX, @offsetY, @rage, @dead, abs(random() % 2147483648))`,
  );
  const pageOf = db.prepare<[string, number], { page: string; device: string; ts: number; viewportHeight: number; docWidth: number; docHeight: number; maxScroll: number }>(
    'SELECT page, device, ts, viewport_h AS viewportHeight, doc_w AS docWidth, doc_h AS docHeight, max_scroll AS maxScroll FROM page_views WHERE session_id = ? AND pv = ?',
  );
  // Read in the writing transaction, not from the sites cache: a change of keys and the
  // re-keying pass it starts (page-rekey.ts) are then never raced by a chunk keyed the old way.
  const queryKeysOf = db.prepare<[number], string>('SELECT page_query_keys FROM sites WHERE id = ?').pluck();
  // A click can arrive before its page view (chunks arrive in any order): it is stored with
  // no page, then moved to its page when the page view comes, with the counters of both.
  const orphanHours = db.prepare<[string, number], { device: string; hour: number }>(
    `SELECT DISTINCT device, CAST(ts / ${HOUR_MS} AS INTEGER) AS hour FROM clicks WHERE session_id = ? AND pv = ? AND page = ''`,
  );
  const adoptClicks = db.prepare<[string, string, string, number]>("UPDATE clicks SET page = ?, device = ? WHERE session_id = ? AND pv = ? AND page = ''");
  const raiseScroll = db.prepare('UPDATE page_views SET max_scroll = @depth WHERE session_id = @session AND pv = @pv');
  const { countLeaks } = leaksStore(db);
  // identify() names the visitor, not one visit: their earlier sessions count as identified too.
  const markIdentified = db.prepare('UPDATE sessions SET identified = 1 WHERE site_id = ? AND visitor_id = ? AND identified = 0');
  const insertTrack = db.prepare('INSERT OR IGNORE INTO session_events (session_id, site_id, name) VALUES (?, ?, ?)');

  // Times are kept to the whole millisecond, so each click falls in exactly one hour of the heatmap counters.
  function writeOne(w: ChunkWrite, tally: HourTally, keysOf: (siteId: number) => string[], moved: Map<string, HourKey>): ChunkOutcome {
    const { chunk } = w;
    const session = chunk.session;
    if (gate.isErased(session)) return 'erased';
    // Checked here, in the committing transaction, not when the chunk arrived: an erasure
    // that answered while this chunk was being scanned has tombstoned the visitor by now.
    if (gate.isVisitorErased(w.siteId, chunk.visitor)) return 'visitor_erased';
    const prior = existing.get(session, chunk.seq);
    if (prior) return prior.hash.equals(w.hash) ? 'duplicate' : 'conflict';
    if (gate.isForeign(session, w.siteId, chunk.visitor)) return 'foreign';

    upsertVisitor.run({ siteId: w.siteId, visitor: chunk.visitor, ts: w.lastTs, externalHash: w.externalHash });
    const started = insertSession.run({ session, siteId: w.siteId, visitor: chunk.visitor, firstTs: w.firstTs, lastTs: w.lastTs, ...(w.platform ?? UNKNOWN_PLATFORM) }).changes === 1;
    insertChunk.run({
      session, seq: chunk.seq, receivedAt: w.receivedAt, firstTs: w.firstTs, lastTs: w.lastTs,
      eventCount: w.eventCount, fullSnapshot: w.fullSnapshot ? 1 : 0, hash: w.hash, data: w.data,
      partIndex: chunk.part?.index ?? null, partCount: chunk.part?.count ?? null,
    });
    for (const p of chunk.pages) {
      const page = pageKey(p.url, keysOf(w.siteId));
      const device = deviceClass(p.viewportWidth);
      const ts = Math.floor(p.ts);
      if (!insertPageView.run({ ...p, ts, page, title: p.title ?? '', session, siteId: w.siteId, device }).changes) continue;
      tally.view(w.siteId, page, device, ts, { ...p, maxScroll: 0 });
      for (const o of orphanHours.all(session, p.pv)) {
        for (const key of [{ siteId: w.siteId, page: '', device: o.device, hour: o.hour }, { siteId: w.siteId, page, device, hour: o.hour }]) moved.set(hourKeyId(key), key);
      }
      adoptClicks.run(page, device, session, p.pv);
    }
    if (chunk.pages.length) refreshPages.run({ session });
    let rage = 0;
    let dead = 0;
    for (const c of chunk.clicks) {
      const view = pageOf.get(session, c.pv);
      const click = { ...c, ts: Math.floor(c.ts), page: view?.page ?? '', device: view?.device ?? 'desktop', rage: c.rage ?? false, dead: c.dead ?? false };
      insertClick.run({ ...click, session, siteId: w.siteId, rage: click.rage ? 1 : 0, dead: click.dead ? 1 : 0 });
      tally.click(w.siteId, click.page, click.device, click.ts, click);
      if (click.rage) rage++;
      if (click.dead) dead++;
    }
    for (const name of chunk.tracks ?? []) insertTrack.run(session, w.siteId, name);
    if (w.externalHash) markIdentified.run(w.siteId, chunk.visitor);
    for (const s of chunk.scroll) {
      const view = pageOf.get(session, s.pv);
      if (!view || !(s.depth > view.maxScroll)) continue;
      raiseScroll.run({ session, pv: s.pv, depth: s.depth });
      tally.scrolled(w.siteId, view.page, view.device, view.ts, view, { ...view, maxScroll: s.depth });
    }
    if (w.leaks?.length) countLeaks({ siteId: w.siteId, session, catches: w.leaks, firstTs: w.firstTs, lastTs: w.lastTs, receivedAt: w.receivedAt });
    updateSession.run({
      session, siteId: w.siteId, visitor: chunk.visitor, rage, dead, firstTs: w.firstTs, lastTs: w.lastTs, seq: chunk.seq, bytes: w.data.length,
      dropped: chunk.dropped ?? 0, clicks: chunk.clicks.length, consent: w.consent ? JSON.stringify(w.consent) : null,
    });
    return started ? 'started' : 'stored';
  }

  // Many chunks in one transaction: one fsync for all of them (group commit), and one
  // update per heatmap hour they touch.
  const writeMany = db.transaction((ws: ChunkWrite[]): ChunkOutcome[] => {
    const tally = new HourTally();
    const keys = new Map<number, string[]>();
    const keysOf = (siteId: number): string[] => {
      let k = keys.get(siteId);
      if (!k) keys.set(siteId, (k = JSON.parse(queryKeysOf.get(siteId) ?? '[]') as string[]));
      return k;
    };
    const moved = new Map<string, HourKey>();
    const outcomes = ws.map((w) => writeOne(w, tally, keysOf, moved));
    hours.applyHourTally(tally);
    // After the tally: these hours are made again from the rows, adopted clicks included.
    hours.recomputeHours(moved.values());
    return outcomes;
  });

  return {
    /** Committed and on disk when it returns (synchronous = FULL). */
    writeChunks: (ws: ChunkWrite[]): ChunkOutcome[] => writeMany.immediate(ws),
    /**
     * Committed, but on disk only once `walSync.synced()` (wal-sync.ts), called after it,
     * resolves: the commit's fsync is left to the thread pool, so the event loop does
     * not wait for the disk. Every other transaction keeps synchronous = FULL.
     */
    writeChunksUnsynced(ws: ChunkWrite[]): ChunkOutcome[] {
      db.pragma('synchronous = NORMAL');
      try {
        return writeMany.immediate(ws);
      } finally {
        db.pragma('synchronous = FULL');
      }
    },
  };
}
