// Pages are keyed by path plus the query parameters a site declares make a page
// distinct (pageQueryKeys): /demo?page=account is not /demo, and ?utm_source never
// splits a page. A change of keys re-keys what is already stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pageKey } from '../../server/heatmaps/page-key.ts';
import { openStore, type SqliteStore, type Store } from '../../server/store/index.ts';
import { rekeyPagesInBackground } from '../../server/heatmaps/rekey-pages.ts';
import type { ChunkFacts } from '../../contract/schemas/index.ts';
import type { HeatmapFilter } from '../../server/store/heatmaps.ts';
import { REKEY_BATCH } from '../../server/store/page-rekey.ts';
import { parseQueryKeys } from '../../viewer/pages/heatmaps/page-keys-control.ts';

const SHOP = 'https://shop.example/demo';

test('without declared keys a page is its URL without query and fragment', () => {
  assert.equal(pageKey(`${SHOP}?page=account&utm_source=mail#top`), SHOP);
  assert.equal(pageKey(`${SHOP}#a?b`), SHOP);
  assert.equal(pageKey(SHOP, ['page']), SHOP);
});

test('declared keys make a page distinct; other parameters never split it', () => {
  assert.equal(pageKey(`${SHOP}?page=account`, ['page']), `${SHOP}?page=account`);
  assert.equal(pageKey(`${SHOP}?utm_source=mail&page=checkout&id=17#pay`, ['page']), `${SHOP}?page=checkout`);
  assert.equal(pageKey(`${SHOP}?utm_source=mail`, ['page']), SHOP, 'no declared key: the bare page');
  assert.equal(pageKey(`${SHOP}?page=&x=1`, ['page']), SHOP, 'an empty value names no page');
  assert.equal(pageKey(`${SHOP}?page`, ['page']), SHOP);
});

test('a page key is the same whatever order the parameters came in, and is its own page key', () => {
  const a = pageKey(`${SHOP}?step=2&lang=de&page=cart`, ['page', 'lang', 'step']);
  const b = pageKey(`${SHOP}?page=cart&step=2&x=9&lang=de`, ['step', 'page', 'lang']);
  assert.equal(a, `${SHOP}?lang=de&page=cart&step=2`);
  assert.equal(a, b);
  assert.equal(pageKey(a, ['page', 'lang', 'step']), a, 'idempotent: a page key may be passed where a URL is');
  assert.equal(pageKey(`${SHOP}?tag=a&tag=b`, ['tag']), `${SHOP}?tag=a&tag=b`, 'a key given twice keeps both values in order');
  assert.equal(pageKey(`${SHOP}?pa%67e=x`, ['page']), `${SHOP}?pa%67e=x`, 'keys are compared decoded');
});

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);
let n = 0;
async function visit(store: Store, url: string, clicks: [number, number, string][]): Promise<string> {
  const session = `s-${++n}`;
  const chunk: ChunkFacts = {
    site: 'shop', visitor: `v-${n}`, session, seq: 0,
    pages: [{ pv: 0, url, ts: T0 + n, viewportWidth: 1280, viewportHeight: 700, docWidth: 1280, docHeight: 2000 }],
    clicks: clicks.map(([x, y, selector], i) => ({ pv: 0, ts: T0 + n + 100 + i, x, y, selector, offsetX: 5, offsetY: 5 })),
    scroll: [],
  };
  const site = (await store.sites.siteByKey('shop'))!;
  await store.chunks.writeChunks([{ siteId: site.id, chunk, eventCount: 1, data: Buffer.from('x'), hash: Buffer.from(session), firstTs: T0 + n, lastTs: T0 + n + 1000, fullSnapshot: false, externalHash: null, consent: null, receivedAt: T0 }]);
  return session;
}

async function withStore(run: (store: SqliteStore) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-pagekey-'));
  const store = openStore(path.join(dir, 'einblick.db'));
  await store.sites.createSite('shop', { name: 'Shop', origins: [], retentionDays: 90, privacy: 'balanced' });
  return run(store).finally(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
}

const filter = async (store: Store, page: string): Promise<HeatmapFilter> => ({ siteId: (await store.sites.siteByKey('shop'))!.id, page, device: 'desktop', from: T0 - 1, to: T0 + 86_400_000 });
const pagesOf = async (store: Store) => Object.fromEntries((await store.heatmaps.heatmapPages((await store.sites.siteByKey('shop'))!.id, 'desktop', T0 - 1, T0 + 86_400_000)).map((p) => [p.page, p.pageViews]));
const clicksOn = async (store: Store, page: string) => {
  const counts = await store.heatmaps.heatmapCounts(await filter(store, page), 8);
  return { clicks: counts.totals.clicks, selectors: Object.fromEntries(counts.totals.selectors) };
};
const rekeyed = (store: Store, siteId: number) => new Promise<void>((resolve) => rekeyPagesInBackground(store, siteId, resolve));

test('ingest keys pages by the site keys; a change of keys re-keys stored page views, clicks and heatmap counters', () =>
  withStore(async (store) => {
    const site = (await store.sites.siteByKey('shop'))!;
    assert.equal(await store.sites.setPageQueryKeys(site, ['page']), true);
    await rekeyed(store, site.id);
    await visit(store, `${SHOP}?utm_source=x`, [[10, 10, 'a#shop']]);
    await visit(store, `${SHOP}?page=account`, [[20, 20, 'button#save'], [21, 21, 'button#save']]);
    await visit(store, `${SHOP}?page=checkout&id=9`, [[30, 30, 'button#pay']]);
    assert.deepEqual(await pagesOf(store), { [SHOP]: 1, [`${SHOP}?page=account`]: 1, [`${SHOP}?page=checkout`]: 1 });
    assert.deepEqual(await clicksOn(store, SHOP), { clicks: 1, selectors: { 'a#shop': 1 } }, "the shop's map holds only its own clicks");
    assert.deepEqual(await clicksOn(store, `${SHOP}?page=account`), { clicks: 2, selectors: { 'button#save': 2 } });

    // The keys dropped: the stored pages fold back into one, counters included.
    assert.equal(await store.sites.setPageQueryKeys((await store.sites.siteByKey('shop'))!, []), true);
    assert.deepEqual(await store.pages.sitesRekeying(), [site.id], 'the pass is recorded, so a restart would resume it');
    await rekeyed(store, site.id);
    assert.deepEqual(await store.pages.sitesRekeying(), []);
    assert.deepEqual(await pagesOf(store), { [SHOP]: 3 });
    assert.deepEqual(await clicksOn(store, SHOP), { clicks: 4, selectors: { 'a#shop': 1, 'button#save': 2, 'button#pay': 1 } });
    assert.deepEqual((await clicksOn(store, `${SHOP}?page=account`)).clicks, 0, 'no counters are left behind under the old key');
    assert.equal(await store.sites.setPageQueryKeys((await store.sites.siteByKey('shop'))!, []), false, 'the same keys again start no pass');
  }));

test('the re-keying pass goes in batches and covers more rows than one batch', () =>
  withStore(async (store) => {
    const site = (await store.sites.siteByKey('shop'))!;
    const views = REKEY_BATCH + 30;
    for (let i = 0; i < views; i++) await visit(store, `${SHOP}?page=${i % 2 ? 'account' : 'checkout'}`, [[5, 5, 'main']]);
    assert.deepEqual(await pagesOf(store), { [SHOP]: views });
    await store.sites.setPageQueryKeys(site, ['page']);
    assert.equal(await store.pages.rekeyStep(site.id), true, 'one batch does not finish it');
    await rekeyed(store, site.id);
    assert.deepEqual(await pagesOf(store), { [`${SHOP}?page=checkout`]: views / 2, [`${SHOP}?page=account`]: views / 2 });
    assert.equal((await clicksOn(store, `${SHOP}?page=account`)).clicks, views / 2);
  }));

test('survey answers follow the page view they were given on when the keys change', () =>
  withStore(async (store) => {
    const site = (await store.sites.siteByKey('shop'))!;
    const session = await visit(store, `${SHOP}?page=checkout`, []);
    await store.surveys.createSurvey('nps-1', site.id, { kind: 'nps', question: { en: 'Recommend us?', de: 'Empfehlen?' }, comment: null, trigger: {}, capDays: 30, sample: 1 });
    await store.surveys.storeAnswer({ id: 'a-1', surveyId: 'nps-1', siteId: site.id, visitor: 'v-1', session, score: 9, comment: null, url: SHOP, page: SHOP, device: 'desktop', ts: T0 + 5_000, receivedAt: T0 + 5_000, webhookDueAt: null });
    await store.sites.setPageQueryKeys(site, ['page']);
    await rekeyed(store, site.id);
    const row = store.db.prepare('SELECT page, url FROM survey_answers WHERE id = ?').get('a-1');
    assert.deepEqual(row, { page: `${SHOP}?page=checkout`, url: `${SHOP}?page=checkout` });
  }));

test('a click that arrives before its page view is counted on its page once the page view comes', () =>
  withStore(async (store) => {
    const site = (await store.sites.siteByKey('shop'))!;
    const write = (seq: number, facts: Pick<ChunkFacts, 'pages' | 'clicks'>) =>
      store.chunks.writeChunks([{ siteId: site.id, chunk: { site: 'shop', visitor: 'v-late', session: 's-late', seq, scroll: [], ...facts }, eventCount: 1, data: Buffer.from('x'), hash: Buffer.from(`late-${seq}`), firstTs: T0, lastTs: T0 + 1000, fullSnapshot: false, externalHash: null, consent: null, receivedAt: T0 }]);
    await write(1, { pages: [], clicks: [{ pv: 0, ts: T0 + 200, x: 10, y: 10, selector: 'a#late', offsetX: 1, offsetY: 1 }] });
    await write(0, { pages: [{ pv: 0, url: SHOP, ts: T0 + 100, viewportWidth: 390, viewportHeight: 800, docWidth: 390, docHeight: 2000 }], clicks: [] });
    const counts = await store.heatmaps.heatmapCounts({ ...await filter(store, SHOP), device: 'mobile' }, 8);
    assert.deepEqual(Object.fromEntries(counts.totals.selectors), { 'a#late': 1 }, 'on its page and its device class');
    assert.equal((await store.heatmaps.heatmapCounts({ ...await filter(store, ''), device: 'desktop' }, 8)).totals.clicks, 0, 'nothing is left under no page');
  }));

test("an admin's page parameters are read from commas or spaces, blanks and repeats dropped", () => {
  assert.deepEqual(parseQueryKeys(' page, lang  page,,step '), ['page', 'lang', 'step']);
  assert.deepEqual(parseQueryKeys('   '), [], 'nothing declared: pages are paths again');
});

test('the sessions list filters by a page key, whatever other parameters the visit had', () =>
  withStore(async (store) => {
    const site = (await store.sites.siteByKey('shop'))!;
    await store.sites.setPageQueryKeys(site, ['page']);
    await rekeyed(store, site.id);
    const checkout = await visit(store, `${SHOP}?utm_source=mail&page=checkout`, []);
    await visit(store, `${SHOP}?page=account`, []);
    const found = (await store.sessions.listSessions({ siteId: site.id, url: `${SHOP}?page=checkout`, limit: 10 })).sessions.map((s) => s.id);
    assert.deepEqual(found, [checkout]);
  }));
