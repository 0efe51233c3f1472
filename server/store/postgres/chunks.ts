// Writes chunks and everything derived from them on PostgreSQL, a batch in one transaction,
// with SQLite's outcomes (chunks.ts there). Several nodes may write the same session at
// once (a retry landing on another node), so before reading anything each batch locks:
// its sites' rows FOR SHARE (the page keys it reads cannot change under it, and a re-key
// batch, page-rekey.ts, never runs beside it), then the erasure locks of its sessions and
// visitors (erasure-locks.ts: one writer per session at a time, and an erasure that
// answered first wins), and at the end the days of the heatmap hours it adds to
// (heatmap-hours.ts). Always in that order, each set sorted, so batches cannot deadlock.
import type { Pg, Queryable } from './db.ts';
import { named } from './named.ts';
import { chunkGate } from './session-gate.ts';
import { lockTombstoneKeys, sessionWriteKeys } from './erasure-locks.ts';
import { lockDays, type PgHeatmapHoursStore } from './heatmap-hours.ts';
import { countLeaks } from './leaks.ts';
import { HourTally, hourKeyId, type HourKey } from '../heatmap-hours.ts';
import type { ChunkOutcome, ChunkWrite, chunksStore } from '../chunks.ts';
import type { StoreNamespaces } from '../contract.ts';
import { deviceClass } from '../../ingest/device.ts';
import { pageKey } from '../../heatmaps/page-key.ts';
import { HOUR_MS } from '../../heatmaps/hour-tile.ts';
import { UNKNOWN_PLATFORM } from '../../ingest/user-agent.ts';

// bigint columns take whole numbers only; SQLite kept a fractional one as REAL. Times go
// to the whole millisecond (as SQLite's counters already do), sizes to the nearest pixel.
const ms = Math.floor;
const px = Math.round;

const upsertVisitor = named<{ siteId: number; visitor: string; ts: number; externalHash: string | null }>(
  `INSERT INTO visitors (site_id, id, first_seen, last_seen, external_hash) VALUES (@siteId, @visitor, @ts, @ts, @externalHash)
   ON CONFLICT (site_id, id) DO UPDATE SET last_seen = GREATEST(visitors.last_seen, excluded.last_seen),
     external_hash = coalesce(excluded.external_hash, visitors.external_hash)`,
);
// An answer may have arrived before the session's first chunk (its trigger found no row to mark).
const insertSession = named<Record<string, unknown>>(
  `INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at, browser, browser_major, os, os_major, answered)
   VALUES (@session, @siteId, @visitor, @firstTs, @lastTs, @browser, @browserMajor, @os, @osMajor,
     (EXISTS (SELECT 1 FROM survey_answers WHERE session_id = @session AND score IS NOT NULL))::integer)
   ON CONFLICT (id) DO NOTHING`,
);
const updateSession = named<Record<string, unknown>>(
  `UPDATE sessions SET started_at = LEAST(started_at, @firstTs::bigint), last_at = GREATEST(last_at, @lastTs::bigint),
     chunk_count = chunk_count + 1, max_seq = GREATEST(max_seq, @seq::bigint), bytes = bytes + @bytes,
     dropped = dropped + @dropped, click_count = click_count + @clicks,
     duration = GREATEST(0, GREATEST(last_at, @lastTs::bigint) - LEAST(started_at, @firstTs::bigint)),
     rage_count = rage_count + @rage, dead_count = dead_count + @dead,
     identified = GREATEST(identified, (SELECT (external_hash IS NOT NULL)::integer FROM visitors WHERE site_id = @siteId AND id = @visitor)),
     consent = coalesce(consent, @consent::text)
   WHERE id = @session`,
);
const insertChunk = named<Record<string, unknown>>(
  `INSERT INTO chunks (session_id, seq, received_at, first_ts, last_ts, event_count, full_snapshot, hash, data, part_index, part_count)
   VALUES (@session, @seq, @receivedAt, @firstTs, @lastTs, @eventCount, @fullSnapshot, @hash, @data, @partIndex::bigint, @partCount::bigint)`,
);
const insertPageView = named<Record<string, unknown>>(
  `INSERT INTO page_views (session_id, pv, site_id, url, page, title, ts, viewport_w, viewport_h, doc_w, doc_h, device)
   VALUES (@session, @pv, @siteId, @url, @page, @title, @ts, @viewportWidth, @viewportHeight, @docWidth, @docHeight, @device)
   ON CONFLICT (session_id, pv) DO NOTHING`,
);
// Entry page, page count and viewport follow from the page views, whatever order chunks arrive in.
const REFRESH_PAGES = `UPDATE sessions SET
     page_count = (SELECT count(*) FROM page_views WHERE session_id = $1),
     entry_url  = coalesce((SELECT url FROM page_views WHERE session_id = $1 ORDER BY pv LIMIT 1), entry_url),
     viewport_w = coalesce((SELECT viewport_w FROM page_views WHERE session_id = $1 ORDER BY pv LIMIT 1), viewport_w),
     viewport_h = coalesce((SELECT viewport_h FROM page_views WHERE session_id = $1 ORDER BY pv LIMIT 1), viewport_h),
     device     = coalesce((SELECT device FROM page_views WHERE session_id = $1 ORDER BY pv LIMIT 1), device)
   WHERE id = $1`;
// The sample key is uniform in [0, 2^31), as SQLite's abs(random() % 2147483648) is; random() runs once per row.
const insertClicks = `INSERT INTO clicks (session_id, pv, site_id, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead, sample)
   SELECT $1, pv, $2, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead, floor(random() * 2147483648)::bigint
   FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::float8[], $8::float8[], $9::text[], $10::float8[], $11::float8[], $12::integer[], $13::integer[])
     AS k(pv, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead)`;
const PAGE_OF = `SELECT page, device, ts, viewport_h AS "viewportHeight", doc_w AS "docWidth", doc_h AS "docHeight", max_scroll AS "maxScroll"
   FROM page_views WHERE session_id = $1 AND pv = $2`;
interface ViewRow { page: string; device: string; ts: number; viewportHeight: number; docWidth: number; docHeight: number; maxScroll: number }

export function pgChunksStore(pg: Pg, hours: PgHeatmapHoursStore) {
  const exec = <P extends object>(c: Queryable, s: { text: string; values(p: P): unknown[] }, p: P) => pg.run(s.text, s.values(p), c);

  // Times are kept to the whole millisecond, so each click falls in exactly one hour of the heatmap counters.
  async function writeOne(c: Queryable, w: ChunkWrite, keysOf: (siteId: number) => string[], tally: HourTally, moved: Map<string, HourKey>): Promise<ChunkOutcome> {
    const { chunk } = w;
    const session = chunk.session;
    const gate = await chunkGate(pg, c, { siteId: w.siteId, session, visitor: chunk.visitor, seq: chunk.seq });
    if (gate.erased) return 'erased';
    // Checked here, in the committing transaction, not when the chunk arrived: an erasure
    // that answered while this chunk was being scanned has tombstoned the visitor by now.
    if (gate.visitorErased) return 'visitor_erased';
    if (gate.prior) return gate.prior.equals(w.hash) ? 'duplicate' : 'conflict';
    if (gate.foreign) return 'foreign';

    const firstTs = ms(w.firstTs);
    const lastTs = ms(w.lastTs);
    await exec(c, upsertVisitor, { siteId: w.siteId, visitor: chunk.visitor, ts: lastTs, externalHash: w.externalHash });
    const started = (await exec(c, insertSession, { session, siteId: w.siteId, visitor: chunk.visitor, firstTs, lastTs, ...(w.platform ?? UNKNOWN_PLATFORM) })) === 1;
    await exec(c, insertChunk, {
      session, seq: chunk.seq, receivedAt: ms(w.receivedAt), firstTs, lastTs, eventCount: w.eventCount, fullSnapshot: w.fullSnapshot ? 1 : 0,
      hash: w.hash, data: w.data, partIndex: chunk.part?.index ?? null, partCount: chunk.part?.count ?? null,
    });
    for (const p of chunk.pages) {
      const page = pageKey(p.url, keysOf(w.siteId));
      const device = deviceClass(p.viewportWidth);
      const ts = ms(p.ts);
      const sizes = { viewportWidth: px(p.viewportWidth), viewportHeight: px(p.viewportHeight), docWidth: px(p.docWidth), docHeight: px(p.docHeight) };
      if (!(await exec(c, insertPageView, { session, pv: p.pv, siteId: w.siteId, url: p.url, page, title: p.title ?? '', ts, device, ...sizes }))) continue;
      tally.view(w.siteId, page, device, ts, { ...p, maxScroll: 0 });
      // A click can arrive before its page view (chunks arrive in any order): it was stored
      // with no page; it moves to its page now, with the counters of both.
      const orphans = await pg.rows<{ device: string; hour: number }>(
        `SELECT DISTINCT device, ts / ${HOUR_MS} AS hour FROM clicks WHERE session_id = $1 AND pv = $2 AND page = ''`, [session, p.pv], c,
      );
      for (const o of orphans) {
        for (const key of [{ siteId: w.siteId, page: '', device: o.device, hour: o.hour }, { siteId: w.siteId, page, device, hour: o.hour }]) moved.set(hourKeyId(key), key);
      }
      if (orphans.length) await pg.run("UPDATE clicks SET page = $1, device = $2 WHERE session_id = $3 AND pv = $4 AND page = ''", [page, device, session, p.pv], c);
    }
    if (chunk.pages.length) await pg.run(REFRESH_PAGES, [session], c);
    let rage = 0;
    let dead = 0;
    const views = new Map<number, ViewRow | undefined>();
    const viewOf = async (pv: number) => {
      if (!views.has(pv)) views.set(pv, await pg.row<ViewRow>(PAGE_OF, [session, pv], c));
      return views.get(pv);
    };
    for (const pv of new Set(chunk.clicks.map((k) => k.pv))) await viewOf(pv);
    const clicks = chunk.clicks.map((k) => {
      const view = views.get(k.pv);
      return { ...k, ts: ms(k.ts), page: view?.page ?? '', device: view?.device ?? 'desktop', rage: k.rage ?? false, dead: k.dead ?? false };
    });
    for (const click of clicks) {
      tally.click(w.siteId, click.page, click.device, click.ts, click);
      if (click.rage) rage++;
      if (click.dead) dead++;
    }
    // A chunk's clicks in one statement: a round trip each made a busy chunk the slowest part of a batch.
    if (clicks.length) {
      const column = <K extends keyof (typeof clicks)[number]>(k: K) => clicks.map((x) => x[k]);
      await pg.run(insertClicks, [
        session, w.siteId, column('pv'), column('page'), column('device'), column('ts'), column('x'), column('y'), column('selector'),
        column('offsetX'), column('offsetY'), clicks.map((x) => (x.rage ? 1 : 0)), clicks.map((x) => (x.dead ? 1 : 0)),
      ], c);
    }
    for (const name of chunk.tracks ?? []) {
      await pg.run('INSERT INTO session_events (session_id, site_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [session, w.siteId, name], c);
    }
    // identify() names the visitor, not one visit: their earlier sessions count as identified too.
    if (w.externalHash) await pg.run('UPDATE sessions SET identified = 1 WHERE site_id = $1 AND visitor_id = $2 AND identified = 0', [w.siteId, chunk.visitor], c);
    for (const s of chunk.scroll) {
      const view = await viewOf(s.pv);
      if (!view || !(s.depth > view.maxScroll)) continue;
      await pg.run('UPDATE page_views SET max_scroll = $1 WHERE session_id = $2 AND pv = $3', [s.depth, session, s.pv], c);
      tally.scrolled(w.siteId, view.page, view.device, view.ts, view, { ...view, maxScroll: s.depth });
      views.set(s.pv, { ...view, maxScroll: s.depth });
    }
    if (w.leaks?.length) await countLeaks({ siteId: w.siteId, session, catches: w.leaks, firstTs, lastTs, receivedAt: ms(w.receivedAt) }, c);
    await exec(c, updateSession, {
      session, siteId: w.siteId, visitor: chunk.visitor, rage, dead, firstTs, lastTs, seq: chunk.seq, bytes: w.data.length,
      dropped: chunk.dropped ?? 0, clicks: chunk.clicks.length, consent: w.consent ? JSON.stringify(w.consent) : null,
    });
    return started ? 'started' : 'stored';
  }

  return {
    /** Committed when it resolves: every chunk of the batch, or (on an error) none. */
    writeChunks: (ws: ChunkWrite[]): Promise<ChunkOutcome[]> =>
      pg.tx(async (c) => {
        const siteIds = [...new Set(ws.map((w) => w.siteId))].sort((a, b) => a - b);
        const sites = await pg.rows<{ id: number; page_query_keys: string }>('SELECT id, page_query_keys FROM sites WHERE id = ANY($1::bigint[]) ORDER BY id FOR SHARE', [siteIds], c);
        const keys = new Map(sites.map((s) => [s.id, JSON.parse(s.page_query_keys) as string[]]));
        await lockTombstoneKeys(ws.flatMap((w) => sessionWriteKeys(w.siteId, w.chunk.session, w.chunk.visitor)), c);
        const tally = new HourTally();
        const moved = new Map<string, HourKey>();
        const outcomes: ChunkOutcome[] = [];
        for (const w of ws) outcomes.push(await writeOne(c, w, (id) => keys.get(id) ?? [], tally, moved));
        // Every day either step writes, locked at once; then the tally, then the hours whose
        // clicks found their page view, made again from the rows.
        await lockDays([...[...tally.hours.values()].map((h) => h.key), ...moved.values()], c);
        await hours.applyHourTally(tally, c);
        await hours.recomputeHours(moved.values(), c);
        return outcomes;
      }),
  } satisfies StoreNamespaces['chunks'] & Record<keyof Pick<ReturnType<typeof chunksStore>, 'writeChunks'>, unknown>;
}
