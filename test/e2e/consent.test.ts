import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { visitorIdOfKey } from '../../server/ingest/visitor-proof.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

type Einblick = { consent: { grant(s?: object): void; revoke(): void; status(): string } };
const status = (page: Page) => page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.status());

async function storageOf(page: Page) {
  const cookies = await page.context().cookies();
  const inPage = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).length,
    cookie: document.cookie,
  }));
  return { cookies: cookies.length, ...inPage };
}

/** Chunks cut every 500 ms instead of 10 s (data-test-timings), so "nothing was sent" needs only a few intervals of waiting. */
const FAST = { 'test-timings': JSON.stringify({ draftMs: 250, chunkMs: 500 }) };
/** Three chunk intervals of FAST: a recorder that should not be sending would have sent by then. */
const QUIET_MS = 1500;

const sessionsOfSite = async (w: World) => (await w.server.store.sessions.listSessions({ siteId: (await w.server.store.sites.siteByKey(w.siteKey))!.id, limit: 50 })).sessions;

test('before consent: no request beyond the stub, no cookie, no storage', async () => {
  const { context, page, requests } = await world.open('shop', FAST);
  await page.click('#buy');
  await page.fill('#name', 'Alice');
  await page.mouse.wheel(0, 800);
  await page.waitForTimeout(QUIET_MS);
  assert.equal(await status(page), 'unknown');
  assert.deepEqual(requests.map((r) => new URL(r.url()).pathname), ['/einblick.js']);
  assert.deepEqual(await storageOf(page), { cookies: 0, local: 0, session: 0, idb: 0, cookie: '' });
  assert.equal((await sessionsOfSite(world)).length, 0);
  await context.close();
});

test('after consent chunks arrive, after revoke nothing more is sent and the session is erased', async () => {
  const { context, page, requests } = await world.open('shop', FAST);
  await page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.grant());
  assert.equal(await status(page), 'granted');
  await page.click('#buy');
  const session = await eventually('the session to be stored', async () => (await sessionsOfSite(world))[0]);
  assert.ok(session.chunks >= 1);
  assert.ok(requests.some((r) => r.url().endsWith('/einblick-recorder.js')), 'the recorder is loaded after consent');
  const ingests = requests.filter((r) => r.url().endsWith('/api/v1/ingest'));
  assert.ok(ingests.every((r) => r.headers()['content-type']?.startsWith('text/plain')), 'chunks are CORS simple requests');

  const visitor = await page.evaluate(() => localStorage.getItem('einblick:visitor'));
  await page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.revoke());
  assert.equal(await status(page), 'denied');
  const revokeRequest = await eventually('the revoke request', () => requests.find((r) => r.url().endsWith('/api/v1/consent/revoke')));
  const sent = revokeRequest.postDataJSON() as { visitor?: string; proof: string };
  assert.equal(sent.visitor, undefined, 'the id is derived from the key, not sent (the stub stays under 2 KB)');
  assert.equal(visitorIdOfKey(sent.proof), visitor, 'the revoke carries the key the visitor id is derived from');
  assert.equal((await revokeRequest.response())?.status(), 202);
  const sentBefore = requests.filter((r) => r.url().endsWith('/api/v1/ingest')).length;
  await page.click('#buy');
  await page.mouse.wheel(0, 600);
  await page.waitForTimeout(QUIET_MS);
  assert.equal(requests.filter((r) => r.url().endsWith('/api/v1/ingest')).length, sentBefore, 'no chunk after revoke');
  await eventually('the session to be erased', async () => (await sessionsOfSite(world)).length === 0);
  assert.equal((await world.server.store.sessions.chunkSeqs(session.id)).length, 0);
  assert.deepEqual(await storageOf(page), { cookies: 0, local: 0, session: 0, idb: 0, cookie: '' });
  await context.close();
});

const grant = (page: Page) => page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.grant());
const storedVisitor = (page: Page) => page.evaluate(() => ({ id: localStorage.getItem('einblick:visitor'), key: localStorage.getItem('einblick:key') }));
const sessionsOf = async (visitor: string) => (await sessionsOfSite(world)).filter((s) => s.visitor === visitor);

test('erased by the privacy desk, the browser is refused, forgets its id, and a new consent records under a new id', async () => {
  // FAST: the chunk that meets the 410 is cut within half a second, not at the next 10 s cut.
  const { context, page } = await world.open('shop', FAST);
  await grant(page);
  await page.click('#buy');
  const { id: erased } = await storedVisitor(page);
  assert.ok(erased);
  await eventually('the session to be stored', async () => (await sessionsOf(erased)).length === 1);
  assert.equal((await world.server.api(`/api/v1/privacy/visitors/${erased}`, { method: 'DELETE' })).status, 200);
  await page.click('#buy');
  await eventually('the browser to forget its id after the 410', async () => (await storedVisitor(page)).id === null, 20_000);
  assert.equal(await status(page), 'denied');
  assert.equal((await sessionsOf(erased)).length, 0, 'nothing came back under the erased id');

  await grant(page);
  await page.click('#buy');
  const fresh = await eventually('a new id', async () => (await storedVisitor(page)).id);
  assert.notEqual(fresh, erased);
  await eventually('the new session to be stored', async () => (await sessionsOf(fresh)).length === 1);
  await context.close();
});

test('an id stored before visitor keys existed is replaced by one the browser can prove', async () => {
  const { context, page } = await world.open('shop');
  await page.evaluate(() => localStorage.setItem('einblick:visitor', 'legacy-visitor-0001'));
  await grant(page);
  await page.click('#buy');
  const { id, key } = await storedVisitor(page);
  assert.ok(id && key);
  assert.equal(visitorIdOfKey(key), id);
  await eventually('the session to be stored under the new id', async () => (await sessionsOf(id)).length === 1);
  assert.equal((await sessionsOf('legacy-visitor-0001')).length, 0);
  await context.close();
});

test('a revoke in one tab stops recording in the other tabs of the site', async () => {
  const { context, page } = await world.open('shop');
  await grant(page);
  const other = await context.newPage();
  await other.goto(world.site.page('shop', { site: world.siteKey }));
  await other.waitForFunction(() => (window as unknown as { einblick?: Einblick }).einblick?.consent.status() === 'granted');
  await page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.revoke());
  await other.waitForFunction(() => (window as unknown as { einblick: Einblick }).einblick.consent.status() === 'denied');
  await context.close();
});

test('Global Privacy Control means denied until the visitor grants explicitly', async () => {
  const gpcContext = await world.browser.newContext();
  // A string, not a function: tsx would wrap the getter in a helper the page does not have.
  await gpcContext.addInitScript("Object.defineProperty(navigator, 'globalPrivacyControl', { get: () => true })");
  const gpcPage = await gpcContext.newPage();
  await gpcPage.goto(world.site.page('shop', { site: world.siteKey, consent: 'banner' }));
  await gpcPage.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object');
  assert.equal(await status(gpcPage), 'denied');
  assert.equal(await gpcPage.locator('einblick-consent').count(), 0, 'no banner nags a visitor who said no through GPC');
  await gpcPage.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.grant());
  assert.equal(await status(gpcPage), 'granted');
  await gpcContext.close();
});

test('the built-in banner asks, Accept starts recording with a full snapshot, and the receipt holds a hash of the words shown', async () => {
  const { context, page } = await world.open('shop', { consent: 'banner', 'consent-version': '7' });
  const dialog = page.getByRole('dialog', { name: 'May we record your visit?' });
  await dialog.waitFor();
  const shown = [await dialog.locator('h2').innerText(), await dialog.locator('p').first().innerText(), ...(await dialog.getByRole('button').allInnerTexts())];
  await dialog.getByRole('button', { name: 'Accept' }).click();
  assert.equal(await status(page), 'granted');
  const row = await eventually('a chunk with a full snapshot', () =>
    sqliteDb(world.server.store)
      .prepare<[string], { id: string }>('SELECT session_id AS id FROM chunks WHERE full_snapshot = 1 AND seq = 0 AND session_id IN (SELECT id FROM sessions WHERE consent LIKE ?)')
      .get('%"banner"%'),
  );
  const receipt = (await world.server.store.sessions.sessionDetail(row.id))!.consent!;
  assert.equal(receipt.mechanism, 'banner');
  assert.equal(receipt.version, '7');
  assert.equal(receipt.lang, 'en');
  assert.equal(receipt.bannerHash, createHash('sha256').update(shown.join('\n')).digest('hex'), 'the hash is of the text the visitor saw');
  await context.close();
});

test('the banner speaks German when the page asks for it, and Decline records nothing', async () => {
  const { context, page, requests } = await world.open('shop', { consent: 'banner', lang: 'de' });
  const dialog = page.getByRole('dialog', { name: 'Dürfen wir Ihren Besuch aufzeichnen?' });
  await dialog.getByRole('button', { name: 'Ablehnen' }).click();
  assert.equal(await status(page), 'denied');
  await page.click('#buy');
  await page.waitForTimeout(1000);
  assert.deepEqual(requests.map((r) => new URL(r.url()).pathname), ['/einblick.js']);
  await context.close();
});
