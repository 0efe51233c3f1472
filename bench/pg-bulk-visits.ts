// The heatmap bench's visits (heatmap-query.ts visitChunk: the same sessions, page views
// and clicks) written to PostgreSQL in bulk: rows by unnest in large statements, then the
// hour counters made from those rows by the store's own recomputeHours, as an erasure or
// a re-key makes them. Through writeChunks the 22,000 visits took over four minutes here
// (a round trip or two per page view); the rows and counters are the same either way,
// except each click's random sample key.
import type { PoolClient } from 'pg';
import { openPg } from '../server/store/postgres/db.ts';
import { pgHeatmapHoursStore } from '../server/store/postgres/heatmap-hours.ts';
import { pageKey } from '../server/heatmaps/page-key.ts';
import { deviceClass } from '../server/ingest/device.ts';
import { HOUR_MS } from '../server/heatmaps/hour-tile.ts';
import type { HourKey } from '../server/store/heatmap-hours.ts';
import { visitChunk, BENCH_PAGE } from './heatmap-query.ts';

const BATCH = 2000; // visits per transaction: 100,000 clicks

export async function bulkWriteBenchVisits(databaseUrl: string, siteId: number, sessions: number): Promise<void> {
  const pg = openPg(databaseUrl, { max: 2 });
  try {
    const hourKeys = new Map<string, HourKey>();
    for (const [page, count] of [[BENCH_PAGE, sessions], [BENCH_PAGE + '/other', sessions / 10]] as const) {
      for (let s0 = 0; s0 < count; s0 += BATCH) {
        const chunks = Array.from({ length: Math.min(BATCH, count - s0) }, (_, i) => visitChunk(s0 + i, count, page));
        await pg.tx((c) => writeBatch(c, siteId, chunks, hourKeys));
      }
    }
    const hours = pgHeatmapHoursStore(pg);
    const keys = [...hourKeys.values()];
    // A day's worth of hours per transaction, in the order lockDays takes them.
    for (let i = 0; i < keys.length; i += 24) await pg.tx((c) => hours.recomputeHours(keys.slice(i, i + 24), c));
  } finally {
    await pg.close();
  }
}

async function writeBatch(c: PoolClient, siteId: number, chunks: ReturnType<typeof visitChunk>[], hourKeys: Map<string, HourKey>): Promise<void> {
  const visitors = [...new Map(chunks.map((k) => [k.visitor, k])).values()];
  await c.query(
    `INSERT INTO visitors (site_id, id, first_seen, last_seen)
     SELECT $1, v, t, t FROM unnest($2::text[], $3::bigint[]) AS k(v, t)
     ON CONFLICT (site_id, id) DO UPDATE SET last_seen = GREATEST(visitors.last_seen, excluded.last_seen)`,
    [siteId, visitors.map((k) => k.visitor), visitors.map((k) => k.pages[0]!.ts)],
  );
  const first = (k: (typeof chunks)[number]) => k.pages[0]!;
  await c.query(
    `INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at, entry_url, page_count, click_count, device, viewport_w, viewport_h,
       chunk_count, max_seq, bytes, duration, rage_count, dead_count)
     SELECT id, $1, v, t0, t1, url, pages, clicks, 'desktop', 1280, 720, 1, 0, 2, t1 - t0, rage, dead
     FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[])
       AS k(id, v, t0, t1, url, pages, clicks, rage, dead)`,
    [
      siteId, chunks.map((k) => k.session), chunks.map((k) => k.visitor), chunks.map((k) => first(k).ts), chunks.map((k) => first(k).ts + 100_000),
      chunks.map((k) => first(k).url), chunks.map((k) => k.pages.length), chunks.map((k) => k.clicks.length),
      chunks.map((k) => k.clicks.filter((x) => x.rage).length), chunks.map((k) => k.clicks.filter((x) => x.dead).length),
    ],
  );
  await c.query(
    `INSERT INTO chunks (session_id, seq, received_at, first_ts, last_ts, event_count, full_snapshot, hash, data)
     SELECT id, 0, t0, t0, t0 + 100000, 1, 0, convert_to(id, 'UTF8'), '\\x5b5d'::bytea FROM unnest($1::text[], $2::bigint[]) AS k(id, t0)`,
    [chunks.map((k) => k.session), chunks.map((k) => first(k).ts)],
  );
  const views = chunks.flatMap((k) => k.pages.map((p) => {
    const depth = Math.max(0, ...k.scroll.filter((s) => s.pv === p.pv).map((s) => s.depth));
    return { session: k.session, ...p, page: pageKey(p.url), device: deviceClass(p.viewportWidth), maxScroll: depth };
  }));
  await c.query(
    `INSERT INTO page_views (session_id, pv, site_id, url, ts, viewport_w, viewport_h, doc_w, doc_h, device, max_scroll, page)
     SELECT s, pv, $1, url, ts, vw, vh, dw, dh, device, ms, page
     FROM unnest($2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], $11::float8[], $12::text[])
       AS k(s, pv, url, ts, vw, vh, dw, dh, device, ms, page)`,
    [
      siteId, views.map((v) => v.session), views.map((v) => v.pv), views.map((v) => v.url), views.map((v) => v.ts), views.map((v) => v.viewportWidth),
      views.map((v) => v.viewportHeight), views.map((v) => v.docWidth), views.map((v) => v.docHeight), views.map((v) => v.device), views.map((v) => v.maxScroll), views.map((v) => v.page),
    ],
  );
  const viewOf = new Map(views.map((v) => [`${v.session}\u0000${v.pv}`, v]));
  const clicks = chunks.flatMap((k) => k.clicks.map((x) => ({ session: k.session, ...x, view: viewOf.get(`${k.session}\u0000${x.pv}`)! })));
  for (const x of clicks) {
    const key = { siteId, page: x.view.page, device: x.view.device, hour: Math.floor(x.ts / HOUR_MS) };
    hourKeys.set(`${key.page}\u0000${key.hour}`, key);
  }
  for (const v of views) {
    const key = { siteId, page: v.page, device: v.device, hour: Math.floor(v.ts / HOUR_MS) };
    hourKeys.set(`${key.page}\u0000${key.hour}`, key);
  }
  // The sample key as the store draws it: uniform in [0, 2^31), once per row.
  await c.query(
    `INSERT INTO clicks (session_id, pv, site_id, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead, sample)
     SELECT s, pv, $1, page, device, ts, x, y, selector, ox, oy, rage, dead, floor(random() * 2147483648)::bigint
     FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::bigint[], $7::float8[], $8::float8[], $9::text[], $10::float8[], $11::float8[], $12::integer[], $13::integer[])
       AS k(s, pv, page, device, ts, x, y, selector, ox, oy, rage, dead)`,
    [
      siteId, clicks.map((x) => x.session), clicks.map((x) => x.pv), clicks.map((x) => x.view.page), clicks.map((x) => x.view.device), clicks.map((x) => x.ts),
      clicks.map((x) => x.x), clicks.map((x) => x.y), clicks.map((x) => x.selector), clicks.map((x) => x.offsetX), clicks.map((x) => x.offsetY),
      clicks.map((x) => (x.rage ? 1 : 0)), clicks.map((x) => (x.dead ? 1 : 0)),
    ],
  );
}
