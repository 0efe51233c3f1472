// Issue #13, safe images by address: in strict mode an image no data-einblick-unmask marks
// is recorded, captured and replayed when the site declares its address safe (the tag's
// data-safe-images and the site's safeImages); any other image, a dot-segment trick
// included, stays a box of the same size whose address never leaves the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, eventually, startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { untilRecording } from '../helpers/recording.ts';
import { serveFiles, type FileOrigin } from '../helpers/file-origin.ts';
import type { SessionAssets } from '../../contract/schemas/index.ts';

let cdn: FileOrigin;
let site: FileOrigin;
let server: TestServer;
let browser: Browser;
let siteKey: string;

before(async () => {
  cdn = await serveFiles('127.0.0.1');
  site = await serveFiles('localhost');
  server = await startTestServer({ assets: { privateOrigins: [cdn.origin], pollMs: 50 } });
  const products = `${cdn.origin}/products/`;
  const res = await server.api('/api/v1/sites', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Product shop', origins: [site.origin], privacy: 'strict', safeImages: [products] }),
  });
  siteKey = ((await res.json()) as { key: string }).key;
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00aa00' } }).png().toBuffer();
  for (const path of ['/products/shoe.png', '/avatars/me.png', '/avatars/trick.png']) cdn.files.set(path, ['image/png', png]);
  site.files.set('/shop', ['text/html; charset=utf-8', `<!doctype html><html><head><title>Shop</title></head><body>
    <h1>Shop</h1>
    <img id="shoe" src="${cdn.origin}/products/shoe.png" width="40" height="30" alt="">
    <img id="avatar" src="${cdn.origin}/avatars/me.png" width="50" height="50" alt="">
    <img id="trick" src="${cdn.origin}/products/../avatars/trick.png" width="60" height="20" alt="">
    <script src="${server.url}/einblick.js" data-site="${siteKey}" data-safe-images="${products}" defer></script></body></html>`]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([cdn?.close(), site?.close()]);
});

test('strict: an image under a declared address is recorded, captured and replayed; others stay same-size boxes', async () => {
  const visit = await browser.newContext();
  const page = await visit.newPage();
  await page.goto(`${site.origin}/shop`);
  await page.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await untilRecording(page);
  const siteId = (await server.store.sites.siteByKey(siteKey))!.id;
  const session = await eventually('the recorded session', async () => (await server.store.sessions.listSessions({ siteId, limit: 5 })).sessions[0]);
  await page.goto('about:blank');
  await visit.close();

  const events = await (await server.api(`/api/v1/sessions/${session.id}/events`)).text();
  assert.ok(events.includes(`${cdn.origin}/products/shoe.png`), 'the declared-safe image is recorded');
  assert.ok(!events.includes('avatars'), 'neither the avatar\'s address nor the dot-segment trick\'s leaves the page');
  assert.ok(events.includes('"rr_width":"50px","rr_height":"50px"'), 'the avatar is a 50×50 box');
  assert.ok(events.includes('"rr_width":"60px","rr_height":"20px"'), 'the trick image, let through by the selector, is turned into a 60×20 box by the second check');

  const report = await eventually('the image captured', async () => {
    const r = (await (await server.api(`/api/v1/sessions/${session.id}/assets`)).json()) as SessionAssets;
    return r.assets.length && r.assets.every((a) => a.state !== 'queued') ? r : null;
  });
  assert.deepEqual(report.assets.map((a) => [new URL(a.url).pathname, a.state]), [['/products/shoe.png', 'captured']]);
  cdn.files.delete('/products/shoe.png');
  cdn.hits.length = 0;

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await viewer.goto(server.url + '/viewer/');
  await viewer.getByLabel('Access token').fill(ADMIN_TOKEN);
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  await viewer.goto(`${server.url}/viewer/sessions/${session.id}`);
  const frame = viewer.frameLocator('.rr-player iframe');
  const width = await eventually('the captured shoe in the replay', () =>
    frame.locator('#shoe').evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)).catch(() => 0),
  );
  assert.equal(width, 40, 'the replay shows the captured copy of the deleted image');
  assert.deepEqual(cdn.hits, [], 'the CDN saw no request during the replay');
  await context.close();
});
