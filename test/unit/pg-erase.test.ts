// Erasure on PostgreSQL removes what SQLite's removes, with the same receipt: the same
// visitors recorded through ingest's write path on both backends (sessions, chunks, page
// views, clicks, heatmap counters, answers, shows, notes, tags, tracked names, assets),
// then erased; afterwards no table on either backend holds anything of them, the
// heatmap counters of everyone else are the same on both, and later chunks of an erased
// visitor are refused. With two nodes, an erasure racing a chunk in flight leaves nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkipReason } from '../helpers/postgres.ts';
import { chunkWrite } from '../helpers/pg-ingest.ts';
import { tablesHolding, twoBackends, type Row, type TwoBackends } from '../helpers/two-backends.ts';
import { pgEraseStore } from '../../server/store/postgres/erase.ts';
import { pgSurveysStore } from '../../server/store/postgres/surveys.ts';
import { pgAssetsStore } from '../../server/store/postgres/assets.ts';
import { pgSessionsStore } from '../../server/store/postgres/sessions.ts';
import { unpackCells } from '../../server/heatmaps/hour-tile.ts';
import type { ChunkFacts, ErasureCounts } from '../../contract/schemas/index.ts';

const skip = await pgSkipReason();
const T0 = Date.UTC(2026, 10, 20, 9);
const SHOP = 'https://shop.example';

let b: TwoBackends;
let blogId: number;
let pg: { erasure: ReturnType<typeof pgEraseStore>; surveys: ReturnType<typeof pgSurveysStore>; assets: ReturnType<typeof pgAssetsStore>; sessions: ReturnType<typeof pgSessionsStore> };


/** A visit: two chunks with page views, clicks (one rage), a scroll and a tracked name. */
function visit(siteId: number, site: string, visitor: string, session: string, t: number, page: string, selector: string) {
  const base = { site, visitor, session };
  const facts: ChunkFacts[] = [
    { ...base, seq: 0, pages: [{ pv: 0, url: `${SHOP}/${page}?v=${visitor}`, ts: t, viewportWidth: 1280, viewportHeight: 700, docWidth: 1280, docHeight: 3000 }],
      clicks: [{ pv: 0, ts: t + 1000, x: 100, y: 200, selector, offsetX: 10, offsetY: 20, rage: false, dead: true }], scroll: [{ pv: 0, ts: t + 2000, depth: 0.5 }] },
    { ...base, seq: 1, pages: [], clicks: [{ pv: 0, ts: t + 5000, x: 110, y: 210, selector, offsetX: 10, offsetY: 20, rage: true, dead: false }], scroll: [], tracks: [`tracked-${session}`] },
  ];
  return facts.map((f) => chunkWrite(siteId, f, { externalHash: visitor.endsWith('gone') ? 'cd'.repeat(32) : null }));
}

async function record(siteId: number, site: string, visitor: string, session: string, t: number, page: string, selector: string, tag: string) {
  const writes = visit(siteId, site, visitor, session, t, page, selector);
  const lite = await b.sqlite.chunks.writeChunks(writes);
  assert.deepEqual(await b.postgres.chunks.writeChunks(writes), lite);
  assert.deepEqual(lite, ['started', 'stored']);
  await b.exec('INSERT INTO session_tags (session_id, site_id, tag) VALUES (?, ?, ?)', session, siteId, tag);
  await b.exec('INSERT INTO notes (id, session_id, at, text, author_token_id, author, created_at) VALUES (?, ?, 1000, ?, 1, ?, ?)', `note-${session}`, session, `NOTE about ${session}`, 'researcher', t);
  for (const surveys of [b.sqlite.surveys, pg.surveys]) {
    await surveys.recordShown({ surveyId: `survey-${siteId}`, siteId, visitor, session, page: `${SHOP}/${page}`, device: 'desktop', ts: t + 3000 });
    await surveys.storeAnswer({ id: `answer-${session}`, surveyId: `survey-${siteId}`, siteId, visitor, session, score: 3, comment: `COMMENT of ${visitor}`,
      url: `${SHOP}/${page}`, page: `${SHOP}/${page}`, device: 'desktop', ts: t + 4000, receivedAt: t + 4000, webhookDueAt: t + 9000,
      analysis: { lang: 'en', sentiment: 'negative', themes: ['price'] } });
  }
  // The session's chunks were scanned: one asset only it uses, one everyone uses.
  for (const assets of [b.sqlite.assets, pg.assets]) {
    for (const scan of await assets.nextAssetScans(50)) {
      if (scan.sessionId !== session) continue;
      await assets.recordSessionAssets(scan.id, session, siteId, 1, scan.seq ? [] : [
        { url: `${SHOP}/asset-of-${session}.png`, kind: 'image', personal: false }, { url: `${SHOP}/shared.css`, kind: 'stylesheet', personal: false },
      ]);
    }
    for (const q of await assets.queuedAssets(50)) await assets.assetCaptured(q.id, Buffer.from(`BYTES of ${q.url}`), 'image/png');
  }
}

before(async () => {
  if (skip) return;
  b = await twoBackends();
  blogId = b.blogId;
  pg = { erasure: pgEraseStore(b.postgres.pg, b.postgres.hours), surveys: pgSurveysStore(b.postgres.pg), assets: pgAssetsStore(b.postgres.pg), sessions: pgSessionsStore(b.postgres.pg) };
  for (const siteId of [b.siteId, blogId]) {
    for (const surveys of [b.sqlite.surveys, pg.surveys]) {
      await surveys.createSurvey(`survey-${siteId}`, siteId, { kind: 'nps', question: { en: 'Q', de: 'F' }, comment: { en: 'Why?', de: 'Warum?' }, trigger: {}, capDays: 1, sample: 1 }, T0);
    }
  }
  // The erased visitor shares pages and hours with a kept one, and has a page of its own.
  await record(b.siteId, 'shop', 'visitor-gone', 'gone-s1', T0, 'pricing', 'button#buy', 'checkout');
  await record(b.siteId, 'shop', 'visitor-gone', 'gone-s2', T0 + 7_200_000, 'gone-page', 'button#gone', 'gone-tag');
  await record(blogId, 'blog', 'visitor-gone', 'gone-blog', T0, 'post', 'a#more', 'reading');
  await record(b.siteId, 'shop', 'visitor-kept', 'kept-s1', T0 + 60_000, 'pricing', 'button#buy', 'checkout');
  await record(b.siteId, 'shop', 'visitor-old', 'old-s1', T0 - 400 * 86_400_000, 'pricing', 'button#buy', 'old');
  // A surveys-only answer: a visitor, no session.
  for (const surveys of [b.sqlite.surveys, pg.surveys]) {
    await surveys.storeAnswer({ id: 'answer-surveys-only', surveyId: `survey-${b.siteId}`, siteId: b.siteId, visitor: 'visitor-gone', session: null, score: 9, comment: 'COMMENT of visitor-gone alone',
      url: `${SHOP}/`, page: `${SHOP}/`, device: 'mobile', ts: T0, receivedAt: T0, webhookDueAt: null, analysis: { lang: 'en', sentiment: 'positive', themes: [] } });
  }
});
after(async () => {
  if (!skip) await b.close();
});

async function everyRow(): Promise<{ sqlite: Record<string, Row[]>; pg: Record<string, Row[]> }> {
  const out = { sqlite: {} as Record<string, Row[]>, pg: {} as Record<string, Row[]> };
  for (const { name } of b.sqlite.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()) {
    out.sqlite[name] = b.sqlite.db.prepare(`SELECT * FROM "${name}"`).all() as Row[];
  }
  for (const { name } of await b.postgres.pg.rows<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
    out.pg[name] = await b.postgres.pg.rows<Row>(`SELECT * FROM "${name}"`);
  }
  return out;
}
/** Heatmap counter rows as comparable text: a row's cells in any order mean the same (both backends pack them in the order they read clicks). */
const heatmapHours = (rows: Row[]) => rows.map((r) => JSON.stringify({ ...r, cells: [...unpackCells(r.cells as Buffer)].sort((a, b) => a[0] - b[0]) })).sort();

test('before erasure both backends hold the visitor in the same tables', { skip }, async () => {
  const rows = await everyRow();
  const lite = tablesHolding(rows.sqlite, ['visitor-gone', 'gone-s1', 'gone-s2', 'gone-blog']);
  assert.deepEqual(tablesHolding(rows.pg, ['visitor-gone', 'gone-s1', 'gone-s2', 'gone-blog']), lite);
  for (const table of ['sessions', 'chunks', 'page_views', 'visitors', 'survey_answers', 'survey_shows', 'notes', 'session_tags', 'session_events', 'asset_urls', 'assets']) {
    assert.ok(lite[table], `the scenario puts the visitor in ${table}`);
  }
  assert.deepEqual(heatmapHours(rows.pg.heatmap_hours!), heatmapHours(rows.sqlite.heatmap_hours!), 'the same heatmap counters');
});

test('erasing a visitor everywhere: the same receipt, and nothing of them left in any table of either backend', { skip }, async () => {
  const lite = await b.sqlite.erasure.eraseVisitorEverywhere('visitor-gone');
  const counts = await pg.erasure.eraseVisitorEverywhere('visitor-gone');
  assert.deepEqual(counts, lite);
  assert.deepEqual(counts, { sessions: 3, chunks: 6, pageViews: 3, clicks: 6, surveyAnswers: 4, visitors: 2, notes: 3 } satisfies ErasureCounts);

  const rows = await everyRow();
  const needles = ['visitor-gone', 'gone-s1', 'gone-s2', 'gone-blog', 'gone-page', 'button#gone', 'gone-tag', 'COMMENT of visitor-gone', 'cd'.repeat(32)];
  assert.deepEqual(tablesHolding(rows.sqlite, needles), {}, 'nothing left on SQLite');
  assert.deepEqual(tablesHolding(rows.pg, needles), {}, 'nothing left on PostgreSQL');
  // secret_fingerprint and kept_secret hold the nodes' key or its HMAC, nothing of a visitor (PostgreSQL's 003, 004).
  assert.deepEqual(Object.keys(rows.pg).filter((t) => !['secret_fingerprint', 'kept_secret'].includes(t)).sort(), Object.keys(rows.sqlite).sort(), 'every table was looked at');
  assert.deepEqual(heatmapHours(rows.pg.heatmap_hours!), heatmapHours(rows.sqlite.heatmap_hours!), 'the kept visitors\' heatmap counters, recomputed the same');
  assert.ok(rows.pg.heatmap_hours!.length > 0, 'the kept visitor still counts');
  assert.deepEqual(rows.pg.tombstones!.length, rows.sqlite.tombstones!.length);
  assert.deepEqual(rows.pg.visitor_tombstones!.map((r) => r.key), rows.sqlite.visitor_tombstones!.map((r) => r.key));
  assert.deepEqual(rows.pg.assets!.map((r) => String(r.body)).sort(), rows.sqlite.assets!.map((r) => String(r.body)).sort(), 'the shared asset stays, the visitor\'s own goes');
  assert.deepEqual(await pg.sessions.listSessions({ limit: 50 }), await b.sqlite.sessions.listSessions({ limit: 50 }));

  // A chunk of the erased visitor arriving late, on either site, is refused on both.
  for (const [siteId, site] of [[b.siteId, 'shop'], [blogId, 'blog']] as const) {
    const late = visit(siteId, site, 'visitor-gone', `gone-late-${site}`, T0 + 9e6, 'pricing', 'button#buy');
    assert.deepEqual(await b.postgres.chunks.writeChunks(late), await b.sqlite.chunks.writeChunks(late));
    assert.deepEqual(await b.sqlite.chunks.writeChunks(late), ['visitor_erased', 'visitor_erased']);
  }
});

test('erasing one session, revoking a visitor, and retention: the same receipts and rows', { skip }, async () => {
  await record(b.siteId, 'shop', 'visitor-two', 'two-s1', T0 + 3_600_000, 'cart', 'button#pay', 'two');
  await record(b.siteId, 'shop', 'visitor-two', 'two-s2', T0 + 3_700_000, 'cart', 'button#pay', 'two');
  const same = async (lite: ErasureCounts, pgCounts: Promise<ErasureCounts>, what: string) => {
    assert.deepEqual(await pgCounts, lite, what);
    return lite;
  };
  assert.equal((await same(await b.sqlite.erasure.eraseSession('two-s1'), pg.erasure.eraseSession('two-s1'), 'one session')).sessions, 1);
  assert.equal((await same(await b.sqlite.erasure.eraseSession('two-s1'), pg.erasure.eraseSession('two-s1'), 'an erased session again')).sessions, 0);
  const revoked = await same(await b.sqlite.erasure.eraseVisitor(b.siteId, 'visitor-two', { now: T0 }), pg.erasure.eraseVisitor(b.siteId, 'visitor-two', { now: T0 }), 'a revoke');
  assert.equal(revoked.sessions, 1);
  await same(await b.sqlite.erasure.eraseVisitor(b.siteId, 'never-seen', { now: T0, unheldTtlMs: 5000 }), pg.erasure.eraseVisitor(b.siteId, 'never-seen', { now: T0, unheldTtlMs: 5000 }), 'a revoke of nothing');
  const expired = await same(await b.sqlite.erasure.expireBefore(b.siteId, T0 - 86_400_000), pg.erasure.expireBefore(b.siteId, T0 - 86_400_000), 'retention');
  assert.equal(expired.sessions, 1);
  const rows = await everyRow();
  assert.deepEqual(tablesHolding(rows.pg, ['visitor-two', 'two-s1', 'two-s2', 'old-s1']), {});
  assert.deepEqual(heatmapHours(rows.pg.heatmap_hours!), heatmapHours(rows.sqlite.heatmap_hours!), 'heatmap_hours the same on both');
  for (const table of ['visitor_tombstones', 'sessions', 'survey_answers', 'asset_urls', 'visitors']) {
    const key = (r: Row) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !['id', 'rowid', 'claimed_by', 'claimed_until', 'erased_at'].includes(k))));
    assert.deepEqual(rows.pg[table]!.map(key).sort(), rows.sqlite[table]!.map(key).sort(), `${table} the same on both`);
  }
});

test('with two nodes, an erasure racing chunks in flight leaves nothing of the visitor', { skip }, async () => {
  const other = b.secondNode();
  for (let round = 0; round < 8; round++) {
    const visitor = `racer-${round}`;
    await b.postgres.chunks.writeChunks(visit(b.siteId, 'shop', visitor, `race-${round}-a`, T0 + round * 1000, 'race', 'button#r').slice(0, 1));
    // The visitor's next session starts on another node while this one erases the visitor.
    const [, outcome] = await Promise.all([
      pg.erasure.eraseVisitor(b.siteId, visitor),
      other.chunks.writeChunks(visit(b.siteId, 'shop', visitor, `race-${round}-b`, T0 + round * 1000 + 500, 'race', 'button#r')),
    ]);
    const left = await b.postgres.pg.rows('SELECT id FROM sessions WHERE visitor_id = $1 UNION ALL SELECT id FROM visitors WHERE id = $1', [visitor]);
    assert.deepEqual(left, [], `round ${round}: nothing left (the chunk was ${outcome.join(', ')})`);
  }
});

test('with two nodes, an erasure racing a survey answer and show in flight leaves nothing of the visitor', { skip }, async () => {
  const other = pgSurveysStore(b.secondNode().pg);
  for (let round = 0; round < 8; round++) {
    const visitor = `answerer-${round}`;
    await pg.surveys.recordShown({ surveyId: `survey-${b.siteId}`, siteId: b.siteId, visitor, session: null, page: `${SHOP}/`, device: 'desktop', ts: T0 });
    const [, stored, shown] = await Promise.all([
      pg.erasure.eraseVisitor(b.siteId, visitor),
      other.storeAnswer({ id: `race-answer-${round}`, surveyId: `survey-${b.siteId}`, siteId: b.siteId, visitor, session: null, score: 1, comment: 'RACE',
        url: `${SHOP}/`, page: `${SHOP}/`, device: 'desktop', ts: T0, receivedAt: T0, webhookDueAt: T0 }),
      other.recordShown({ surveyId: `survey-${b.siteId}`, siteId: b.siteId, visitor, session: null, page: `${SHOP}/`, device: 'desktop', ts: T0 + 1 }),
    ]);
    const left = await b.pg.rows(
      'SELECT id FROM survey_answers WHERE visitor_id = $1 UNION ALL SELECT visitor_id FROM survey_shows WHERE visitor_id = $1 UNION ALL SELECT id FROM visitors WHERE id = $1', [visitor],
    );
    assert.deepEqual(left, [], `round ${round}: nothing left (the answer was ${stored}, the show ${shown})`);
  }
});

test('with two nodes, a session erased while an answer naming it (and no visitor) is in flight keeps no answer of it', { skip }, async () => {
  const other = pgSurveysStore(b.secondNode().pg);
  for (let round = 0; round < 8; round++) {
    const session = `answered-session-${round}`;
    await b.postgres.chunks.writeChunks(visit(b.siteId, 'shop', `anonymous-${round}`, session, T0 + round * 1000, 'race', 'button#r').slice(0, 1));
    // The route checked the session before; the erasure commits between that check and the answer's transaction.
    const [, stored] = await Promise.all([
      pg.erasure.eraseSession(session),
      other.storeAnswer({ id: `session-answer-${round}`, surveyId: `survey-${b.siteId}`, siteId: b.siteId, visitor: null, session, score: 2, comment: 'SESSION RACE',
        url: `${SHOP}/`, page: `${SHOP}/`, device: 'desktop', ts: T0, receivedAt: T0, webhookDueAt: null }),
    ]);
    const left = await b.pg.rows('SELECT id FROM survey_answers WHERE session_id = $1', [session]);
    assert.deepEqual(left, [], `round ${round}: no answer of the erased session (it was ${stored})`);
  }
});
