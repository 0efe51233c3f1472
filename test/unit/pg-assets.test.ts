// Captured assets on PostgreSQL: the same rows and reports as on SQLite for the same
// uses, captures and failures; and with several nodes on one database, two nodes
// claiming queued work at the same moment never get the same row, while a node that
// died hands its rows back once its lease ran out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkipReason } from '../helpers/postgres.ts';
import { twoBackends, type TwoBackends } from '../helpers/two-backends.ts';
import { pgAssetsStore } from '../../server/store/postgres/assets.ts';
import { ASSET_URLS_PER_SITE_DAY, type SessionAssetUse } from '../../server/store/assets.ts';

const skip = await pgSkipReason();
const T0 = Date.UTC(2026, 10, 1);
const CDN = 'https://cdn.example';

let both: TwoBackends;
let pgAssets: ReturnType<typeof pgAssetsStore>;
type Assets = typeof pgAssets | TwoBackends['sqlite']['assets'];

async function same<T>(call: (a: Assets) => T | Promise<T>, what: string): Promise<Awaited<T>> {
  const lite = await call(both.sqlite.assets);
  assert.deepEqual(await call(pgAssets), lite, what);
  return lite;
}
/** Ids differ between the backends (PostgreSQL spends an identity on a conflicting insert): compare by URL. */
const urls = (rows: { url: string }[]) => rows.map((r) => r.url.replace(CDN, ''));
const use = (path: string, kind: SessionAssetUse['kind'] = 'image', personal = false): SessionAssetUse => ({ url: CDN + path, kind, personal });
/** The id of a URL's row on one backend. */
async function idOf(a: Assets, path: string): Promise<number> {
  const queued = await a.queuedAssets(1000);
  return queued.find((q) => q.url === CDN + path)!.id;
}

before(async () => {
  if (skip) return;
  both = await twoBackends();
  pgAssets = pgAssetsStore(both.pg);
  for (const [session, visitor] of [['s-a', 'visitor-a'], ['s-b', 'visitor-b']] as const) {
    await both.recordSession({ session, siteId: 1, visitor, startedAt: T0, chunks: 2 });
  }
});
after(async () => {
  if (!skip) await both.close();
});

test('uses, captures, failures and a sheet\'s references give the same report, bytes and queues', { skip }, async () => {
  const scans = await same(async (a) => (await a.nextAssetScans(10)).map(({ id: _id, ...s }) => s), 'a stored chunk queues its scan');
  assert.equal(scans.length, 4);
  await same((a) => a.queueDepths(), 'queue depths before');
  const [first, second] = [await both.sqlite.assets.nextAssetScans(10), await pgAssets.nextAssetScans(10)];
  await both.sqlite.assets.recordSessionAssets(first[0]!.id, 's-a', 1, 1, [use('/style.css', 'stylesheet'), use('/photo.png', 'image', true), use('/logo.png')]);
  await pgAssets.recordSessionAssets(second[0]!.id, 's-a', 1, 1, [use('/style.css', 'stylesheet'), use('/photo.png', 'image', true), use('/logo.png')]);
  // The same photo marked safe by another recording is queued after all.
  await both.sqlite.assets.recordSessionAssets(first[1]!.id, 's-b', 1, 1, [use('/photo.png'), use('/logo.png')]);
  await pgAssets.recordSessionAssets(second[1]!.id, 's-b', 1, 1, [use('/photo.png'), use('/logo.png')]);
  // A scan of a session erased before its turn records nothing.
  await both.sqlite.assets.recordSessionAssets(first[2]!.id, 'gone', 1, 1, [use('/gone.png')]);
  await pgAssets.recordSessionAssets(second[2]!.id, 'gone', 1, 1, [use('/gone.png')]);
  await both.sqlite.assets.dropAssetScan(first[3]!.id);
  await pgAssets.dropAssetScan(second[3]!.id);
  assert.deepEqual(await same((a) => a.queueDepths(), 'queue depths after'), { scans: 0, fetches: 3 });
  assert.deepEqual(urls(await same(async (a) => (await a.queuedAssets(10)).map(({ id: _i, ...q }) => q), 'queued')), ['/style.css', '/photo.png', '/logo.png']);

  for (const a of [both.sqlite.assets, pgAssets] as Assets[]) {
    const sheet = await idOf(a, '/style.css');
    const font = await a.assetDependency(sheet, 1, CDN + '/font.woff2', 1, 'font');
    assert.equal(font.state, 'queued');
    await a.assetCaptured(font.id, Buffer.from('FONT'), 'font/woff2');
    assert.equal((await a.assetDependency(sheet, 1, CDN + '/font.woff2', 1, 'font')).state, 'captured', 'asked again, the captured row');
    const bg = await a.assetDependency(sheet, 1, CDN + '/bg.png', 1, 'image');
    await a.assetFailed(bg.id, 'not_found', 'HTTP 404 ' + 'x'.repeat(400));
    assert.deepEqual(await a.assetState(bg.id), { state: 'failed', hash: null, reason: 'not_found' });
    assert.equal(await a.assetState(1e9), undefined);
    await a.assetCaptured(sheet, Buffer.from('@font-face{}'), 'text/css');
    // Two URLs with the same bytes keep them once.
    await a.assetCaptured(await idOf(a, '/logo.png'), Buffer.from('PNG'), 'image/png');
    await a.assetCaptured(await idOf(a, '/photo.png'), Buffer.from('PNG'), 'image/png');
  }
  for (const session of ['s-a', 's-b', 'gone']) await same((a) => a.sessionAssetReport(session), `report of ${session}`);
  const report = await pgAssets.sessionAssetReport('s-a');
  assert.deepEqual(report.map((r) => [r.url.replace(CDN, ''), r.state, r.parentUrl?.replace(CDN, '') ?? null]), [
    ['/style.css', 'captured', null], ['/photo.png', 'captured', null], ['/logo.png', 'captured', null],
    ['/font.woff2', 'captured', '/style.css'], ['/bg.png', 'failed', '/style.css'],
  ]);
  await same((a) => a.assetBody(report[0]!.hash!), 'a body');
  await same((a) => a.assetBody('0'.repeat(64)), 'no body');
  assert.deepEqual(await same((a) => a.queueDepths(), 'nothing left to fetch'), { scans: 0, fetches: 0 });
  const bytes = await both.pg.rows<{ n: number }>('SELECT count(*) AS n FROM assets');
  assert.deepEqual(bytes, [{ n: 3 }], 'the logo and the photo share their bytes');
});

test('a forged stream of URLs stops at the daily cap of a site, on both', { skip }, async () => {
  const fill = ASSET_URLS_PER_SITE_DAY - 2;
  both.sqlite.db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO asset_urls (site_id, url, day, kind, state) SELECT 1, 'https://forged.example/' || i, 7, 'image', 'failed' FROM n`).run(fill);
  await both.pg.run(`INSERT INTO asset_urls (site_id, url, day, kind, state) SELECT 1, 'https://forged.example/' || i, 7, 'image', 'failed' FROM generate_series(1, $1) i`, [fill]);
  for (const a of [both.sqlite.assets, pgAssets] as Assets[]) {
    await a.recordSessionAssets(0, 's-a', 1, 7, ['/1', '/2', '/3', '/4'].map((p) => use(p)));
    await a.recordSessionAssets(0, 's-b', 1, 7, [use('/1'), use('/5')]);
  }
  const queued = await same(async (a) => urls(await a.queuedAssets(10)), 'only two more URLs queued');
  assert.deepEqual(queued, ['/1', '/2']);
  await same((a) => a.sessionAssetReport('s-b'), 'a URL already taken is still used past the cap');
});

test('two nodes claiming queued work at once never get the same row; a dead node\'s rows come back after its lease', { skip }, async () => {
  {
    // Two pools on one database: two nodes (closed with the backends).
    const [a, b] = [pgAssetsStore(both.secondNode().pg, { node: 'node-a' }), pgAssetsStore(both.secondNode().pg, { node: 'node-b' })];
    await both.pg.run(`INSERT INTO asset_urls (site_id, url, day, kind) SELECT 1, 'https://race.example/' || i, 9, 'image' FROM generate_series(1, 300) i`);
    await both.pg.run(`INSERT INTO asset_scans (session_id, seq) SELECT 's-a', i FROM generate_series(100, 399) i`);
    const fetches = { a: new Set<number>(), b: new Set<number>() };
    const scans = { a: new Set<number>(), b: new Set<number>() };
    // Each node claims in turns of 7 while the other does the same, many claims in flight at once.
    await Promise.all([a, b].flatMap((node, n) => Array.from({ length: 12 }, async () => {
      for (const q of await node.queuedAssets(7)) (n ? fetches.b : fetches.a).add(q.id);
      for (const s of await node.nextAssetScans(7)) (n ? scans.b : scans.a).add(s.id);
    })));
    for (const [what, got] of [['queued URLs', fetches], ['chunk scans', scans]] as const) {
      assert.deepEqual([...got.a].filter((id) => got.b.has(id)), [], `no ${what} claimed by both nodes`);
      assert.ok(got.a.size > 0 && got.b.size > 0, `both nodes got ${what}`);
    }
    const owners = await both.pg.rows<{ claimed_by: string; n: number }>(
      "SELECT claimed_by, count(*) AS n FROM asset_urls WHERE url LIKE 'https://race.example/%' AND claimed_by IS NOT NULL GROUP BY 1 ORDER BY 1",
    );
    assert.deepEqual(owners, [{ claimed_by: 'node-a', n: fetches.a.size }, { claimed_by: 'node-b', n: fetches.b.size }], 'each row claimed by the node that got it');

    // A node sees its own claimed rows again on its next turn (the worker starts only some of them per turn), never the other's.
    const againA = (await a.queuedAssets(1000)).map((q) => q.id);
    assert.ok([...fetches.a].every((id) => againA.includes(id)), 'node a gets its own rows again');
    assert.ok(againA.every((id) => !fetches.b.has(id)), "node a does not get node b's rows");

    // Node b dies: once its lease ran out, node a takes its rows.
    await both.pg.run("UPDATE asset_urls SET claimed_until = 0 WHERE claimed_by = 'node-b'");
    const taken = new Set((await a.queuedAssets(1000)).map((q) => q.id));
    assert.ok([...fetches.b].every((id) => taken.has(id)), "node b's rows went to node a");
    // A captured row leaves the queue for everyone.
    const one = [...fetches.b][0]!;
    await a.assetCaptured(one, Buffer.from('race'), 'image/png');
    assert.ok(!(await b.queuedAssets(1000)).some((q) => q.id === one) && !(await a.queuedAssets(1000)).some((q) => q.id === one));
  }
});
