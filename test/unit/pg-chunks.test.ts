// Chunks written through PostgreSQL store what SQLite stores: the same sessions, page
// views, clicks, heatmap counters and leak counts, the same outcomes for retries,
// conflicts and erased sessions; and two nodes writing the same chunks at once store
// each one once, with counters that add up exactly.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkipReason } from '../helpers/postgres.ts';
import { bothBackends, chunkWrite, type Backends } from '../helpers/pg-ingest.ts';
import { tombstoneKey, visitorTombstoneKey } from '../../server/store/tombstone.ts';
import type { ChunkWrite } from '../../server/store/chunks.ts';
import type { ChunkFacts } from '../../contract/schemas/index.ts';
import type { Pg } from '../../server/store/postgres/db.ts';
import { HOUR_MS, unpackCells } from '../../server/heatmaps/hour-tile.ts';

const skip = await pgSkipReason();
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
const SHOP = 'https://shop.example/catalog';

const opened: Backends[] = [];
after(async () => {
  for (const b of opened) await b.close();
});
async function backends(): Promise<Backends> {
  const b = await bothBackends('shop', ['page']);
  opened.push(b);
  return b;
}

/**
 * `sessions` recorded sessions of four chunks each, spread over a few hours and four
 * visitors (or `visitors`): page views, clicks (some rage or dead), scrolls, tracks, an identify(), a
 * consent receipt and caught personal data. Chunk 3 (clicks on the second page view)
 * comes before chunk 2 (that page view) in every third session. A scroll that arrives
 * before its page view is not counted, on either backend: `lateScrolls` false leaves
 * out those that could, for tests whose chunks arrive in no set order.
 */
function recording(siteId: number, sessions: number, o: { prefix?: string; lateScrolls?: boolean; visitors?: number; minutesApart?: number } = {}): ChunkWrite[] {
  const { prefix = 's', lateScrolls = true, visitors = 4, minutesApart = 23 } = o;
  const out: ChunkWrite[] = [];
  for (let i = 0; i < sessions; i++) {
    const session = `${prefix}-${i}`;
    const visitor = `v-${i % visitors}`;
    const t = T0 + i * minutesApart * 60_000;
    const width = i % 5 === 0 ? 390 : 1280;
    const base = { site: 'shop', visitor, session };
    const view = (pv: number, ts: number, page: string) => ({ pv, url: `${SHOP}?page=${page}&utm=${i}`, ts, viewportWidth: width, viewportHeight: 700, docWidth: width, docHeight: 3000 });
    const clicks = (pv: number, ts: number, n: number) =>
      Array.from({ length: n }, (_, k) => ({ pv, ts: ts + k * 700, x: 40 + ((i * 131 + k * 17) % 900), y: 60 + ((i * 71 + k * 29) % 2500), selector: `button#b${(i + k) % 4}`, offsetX: 10, offsetY: 20, rage: k < 2 && i % 3 === 0, dead: k === 0 && i % 4 === 1 }));
    const facts: ChunkFacts[] = [
      { ...base, seq: 0, pages: [view(0, t, 'a')], clicks: clicks(0, t + 1000, 1 + (i % 3)), scroll: [{ pv: 0, ts: t + 4000, depth: 0.4 }],
        consent: { ts: t, scopes: { replay: true, surveys: false }, mechanism: 'banner', version: '1', gpc: false, dnt: false, lang: 'en' } },
      { ...base, seq: 1, pages: [], clicks: clicks(0, t + 20_000, 2), scroll: [{ pv: 0, ts: t + 21_000, depth: 0.9 }, { pv: 0, ts: t + 22_000, depth: 0.6 }], tracks: ['signup'] },
      { ...base, seq: 2, pages: [view(1, t + 30 * 60_000, i % 2 ? 'b' : 'a')], clicks: [], scroll: [] },
      { ...base, seq: 3, pages: [], clicks: clicks(1, t + 30 * 60_000 + 500, 3), scroll: [{ pv: 1, ts: t + 31 * 60_000, depth: 1 }], dropped: i % 2 },
    ];
    const writes = facts.map((f) =>
      chunkWrite(siteId, lateScrolls || f.pages.length ? f : { ...f, scroll: [] }, {
        consent: f.consent ? { ...f.consent } : null,
        externalHash: i === 6 && f.seq === 1 ? 'ab'.repeat(32) : null,
        platform: { browser: 'Firefox', browserMajor: '120', os: 'Linux', osMajor: '' },
        leaks: f.seq === 3 ? [{ kind: 'email', element: 'input#mail', field: 'input', ts: t + 30 * 60_000 + 900 }, { kind: 'phone', element: '', field: 'text', ts: null }] : undefined,
      }),
    );
    if (i % 3 === 0) [writes[2], writes[3]] = [writes[3]!, writes[2]!];
    out.push(...writes);
  }
  return out;
}

const batches = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** What both databases hold of the ingest tables, in one order, without ids and random keys. */
const TABLES: Record<string, string> = {
  sessions: `SELECT id, site_id, visitor_id, started_at, last_at, entry_url, page_count, click_count, device, viewport_w, viewport_h, chunk_count, max_seq, bytes,
    dropped, consent, duration, rage_count, dead_count, answered, identified, browser, browser_major, os, os_major FROM sessions ORDER BY id`,
  visitors: 'SELECT site_id, id, first_seen, last_seen, external_hash FROM visitors ORDER BY site_id, id',
  chunks: 'SELECT session_id, seq, received_at, first_ts, last_ts, event_count, full_snapshot, hash, data, part_index, part_count FROM chunks ORDER BY session_id, seq',
  page_views: 'SELECT session_id, pv, site_id, url, page, title, ts, viewport_w, viewport_h, doc_w, doc_h, device, max_scroll FROM page_views ORDER BY session_id, pv',
  clicks: 'SELECT session_id, pv, site_id, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead FROM clicks ORDER BY session_id, pv, ts, x, y',
  heatmap_hours: 'SELECT * FROM heatmap_hours ORDER BY site_id, page, device, hour',
  session_events: 'SELECT * FROM session_events ORDER BY session_id, name',
  privacy_leaks: 'SELECT * FROM privacy_leaks ORDER BY site_id, page, kind, element, field',
};
// A counter's cells and selectors are kept in the order their clicks were counted, and its
// sum of fold shares rounds as they were added: compared as sorted lists, and to 9 digits.
const counted = (row: Record<string, unknown>) =>
  'cells' in row
    ? { ...row, cells: [...unpackCells(row.cells as Buffer)].sort(([a], [b]) => a - b), selectors: Object.entries(JSON.parse(row.selectors as string) as object).sort(), fold_sum: (row.fold_sum as number).toFixed(9) }
    : row;
const sqliteRows = (b: Backends) => Object.fromEntries(Object.entries(TABLES).map(([t, sql]) => [t, (b.sqlite.db.prepare(sql).all() as Record<string, unknown>[]).map(counted)]));
async function pgRows(pg: Pg) {
  const out: Record<string, unknown[]> = {};
  for (const [t, sql] of Object.entries(TABLES)) out[t] = (await pg.rows(sql)).map((r) => counted({ ...r }));
  return out;
}
const count = async (pg: Pg, sql: string) => (await pg.row<{ n: number }>(sql))!.n;

test('the same chunks store the same rows, outcomes and heatmap counters on SQLite and PostgreSQL', { skip }, async () => {
  const b = await backends();
  const writes = recording(b.siteId, 12);
  for (const batch of batches(writes, 5)) {
    const expected = await b.sqlite.chunks.writeChunks(batch);
    assert.deepEqual(await b.postgres.chunks.writeChunks(batch), expected);
  }
  const rows = await pgRows(b.postgres.pg);
  assert.deepEqual(rows, sqliteRows(b));
  assert.equal(rows.chunks!.length, 48);
  assert.ok(rows.heatmap_hours!.length > 5 && rows.privacy_leaks!.length > 0, 'counters and leak counts were written');
  assert.equal(await count(b.postgres.pg, "SELECT count(*) AS n FROM clicks WHERE page = ''"), 0, 'every early click found its page view');
  assert.equal(await count(b.postgres.pg, 'SELECT count(*) AS n FROM sessions WHERE identified = 1'), 3, "identify() marks the visitor's earlier sessions too");
});

test('a retried chunk is a duplicate, a changed one a conflict, and erased sessions and visitors are refused alike', { skip }, async () => {
  const b = await backends();
  const writes = recording(b.siteId, 6);
  await b.sqlite.chunks.writeChunks(writes);
  await b.postgres.chunks.writeChunks(writes);
  const before = await pgRows(b.postgres.pg);

  const changed = { ...writes[1]!, hash: Buffer.from('another body') };
  const foreign = chunkWrite(b.siteId, { ...writes[0]!.chunk, visitor: 'v-someone-else', seq: 9 });
  // s-1 erased, and visitor v-2 (sessions s-2, new ones too) revoked on this site.
  const erasedSql = (at: number) => [
    `INSERT INTO tombstones (session_id, erased_at) VALUES ('${tombstoneKey('s-1')}', ${at})`,
    `INSERT INTO visitor_tombstones (key, erased_at, expires_at) VALUES ('${visitorTombstoneKey(b.siteId, 'v-2')}', ${at}, NULL)`,
  ];
  for (const sql of erasedSql(T0)) {
    b.sqlite.db.exec(sql);
    await b.postgres.pg.run(sql);
  }
  const late = [
    writes[0]!, changed, foreign,
    chunkWrite(b.siteId, { ...writes[4]!.chunk, seq: 7 }), // s-1, erased
    chunkWrite(b.siteId, { site: 'shop', visitor: 'v-2', session: 's-new', seq: 0, pages: [], clicks: [], scroll: [] }),
  ];
  const expected = await b.sqlite.chunks.writeChunks(late);
  assert.deepEqual(expected, ['duplicate', 'conflict', 'foreign', 'erased', 'visitor_erased']);
  assert.deepEqual(await b.postgres.chunks.writeChunks(late), expected);
  assert.deepEqual(await pgRows(b.postgres.pg), before, 'none of them changed a row');
});

test('two nodes writing the same chunks at once store each once, and the counters add up exactly', { skip }, async () => {
  const b = await backends();
  // A visitor each, a minute apart: batches of different sessions hold no lock in common
  // but the days of their heatmap hours, and add to the same hours' counters.
  const writes = recording(b.siteId, 24, { prefix: 'c', lateScrolls: false, visitors: 24, minutesApart: 1 });
  for (const batch of batches(writes, 6)) await b.sqlite.chunks.writeChunks(batch);
  const nodeA = b.postgres;
  const nodeB = b.secondNode();
  // A writes in order, a session per batch, B in reverse, in batches that overlap A's only in part.
  const [outA, outB] = await Promise.all([
    Promise.all(batches(writes, 4).map((batch) => nodeA.chunks.writeChunks(batch))),
    Promise.all(batches([...writes].reverse(), 5).map((batch) => nodeB.chunks.writeChunks(batch))),
  ]);
  const byChunk = new Map<string, string[]>();
  const record = (ws: ChunkWrite[], outs: string[]) => ws.forEach((w, i) => byChunk.set(`${w.chunk.session}/${w.chunk.seq}`, [...(byChunk.get(`${w.chunk.session}/${w.chunk.seq}`) ?? []), outs[i]!]));
  batches(writes, 4).forEach((ws, i) => record(ws, outA[i]!));
  batches([...writes].reverse(), 5).forEach((ws, i) => record(ws, outB[i]!));
  for (const [chunk, outcomes] of byChunk) {
    assert.deepEqual(outcomes.filter((o) => o === 'duplicate').length, 1, `${chunk}: one node stored it, the other saw a duplicate (${outcomes})`);
    assert.ok(outcomes.some((o) => o === 'stored' || o === 'started'), `${chunk}: ${outcomes}`);
  }
  assert.equal([...byChunk.values()].flat().filter((o) => o === 'started').length, 24, 'each session started once');
  // A visitor's first_seen is the time of whichever chunk of theirs came first, and a leak
  // is put on the page the session was on when its chunk came: those are compared as totals.
  const orderFree = (rows: Record<string, unknown[]>) => ({
    ...rows,
    visitors: rows.visitors!.map((v) => ({ ...(v as object), first_seen: 0 })),
    privacy_leaks: (rows.privacy_leaks as { kind: string; catches: number }[]).reduce<Record<string, number>>((n, r) => ({ ...n, [r.kind]: (n[r.kind] ?? 0) + r.catches }), {}),
  });
  assert.deepEqual(orderFree(await pgRows(nodeA.pg)), orderFree(sqliteRows(b)), 'the same rows and counters as one writer after another');
});

test('many writers adding to the same heatmap hour at once lose no click', { skip }, async () => {
  const b = await backends();
  const nodes = [b.postgres, b.secondNode()];
  const writes = Array.from({ length: 80 }, (_, i) =>
    chunkWrite(b.siteId, {
      site: 'shop', visitor: `hot-${i}`, session: `hot-${i}`, seq: 0,
      pages: [{ pv: 0, url: SHOP, ts: T0 + i, viewportWidth: 1280, viewportHeight: 700, docWidth: 1280, docHeight: 3000 }],
      clicks: [{ pv: 0, ts: T0 + i + 10, x: 100 + i, y: 100, selector: `a#${i % 3}`, offsetX: 1, offsetY: 1 }, { pv: 0, ts: T0 + i + 20, x: 8, y: 8, selector: 'main', offsetX: 1, offsetY: 1 }],
      scroll: [{ pv: 0, ts: T0 + i + 30, depth: 1 }],
    }),
  );
  await Promise.all(writes.map((w, i) => nodes[i % 2]!.chunks.writeChunks([w])));
  const f = { siteId: b.siteId, page: SHOP, device: 'desktop' as const, from: T0 - T0 % HOUR_MS, to: T0 - T0 % HOUR_MS + HOUR_MS - 1 };
  const totals = (await b.postgres.heatmaps.heatmapCounts(f, 8)).totals;
  assert.deepEqual({ clicks: totals.clicks, pageViews: totals.pageViews, main: totals.selectors.get('main') }, { clicks: 160, pageViews: 80, main: 80 });
  assert.equal(totals.reached.at(-1), 80, 'every page view scrolled to the end');
});

test('fractional times and sizes from the browser are stored to the whole millisecond and pixel', { skip }, async () => {
  const b = await backends();
  const chunk: ChunkFacts = {
    site: 'shop', visitor: 'v-frac', session: 's-frac', seq: 0,
    pages: [{ pv: 0, url: SHOP, ts: T0 + 0.75, viewportWidth: 1279.6, viewportHeight: 700.2, docWidth: 1279.6, docHeight: 3000.5 }],
    clicks: [{ pv: 0, ts: T0 + 10.5, x: 10.25, y: 20.75, selector: 'main', offsetX: 1.5, offsetY: 2.5 }], scroll: [],
  };
  assert.deepEqual(await b.postgres.chunks.writeChunks([chunkWrite(b.siteId, chunk, { firstTs: T0 + 0.75, lastTs: T0 + 10.5, receivedAt: T0 + 99.9 })]), ['started']);
  assert.deepEqual(
    await b.postgres.pg.row('SELECT ts, viewport_w, doc_h FROM page_views WHERE session_id = $1', ['s-frac']),
    { ts: T0, viewport_w: 1280, doc_h: 3001 },
  );
  assert.deepEqual(await b.postgres.pg.row('SELECT ts, x, y FROM clicks WHERE session_id = $1', ['s-frac']), { ts: T0 + 10, x: 10.25, y: 20.75 }, 'positions keep their fractions');
  assert.deepEqual(await b.postgres.pg.row('SELECT started_at, last_at FROM sessions WHERE id = $1', ['s-frac']), { started_at: T0, last_at: T0 + 10 });
});
