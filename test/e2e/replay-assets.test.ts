// Issue #13: a page styled from another origin (a CDN) replays as it looked on the day
// of the visit, from assets Einblick captured, with no request to the CDN during the
// replay; an asset on a private address is refused and the replay says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { unzipSync, strFromU8 } from 'fflate';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, eventually, startTestServer, type TestServer } from '../helpers/server.ts';
import { startInternalListener, type InternalListener } from '../helpers/internal-listener.ts';
import { launchBrowser } from '../helpers/browser.ts';
import type { SessionAssets } from '../../contract/schemas/index.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

interface Origin { origin: string; hits: string[]; files: Map<string, [string, string | Buffer]>; close(): Promise<void> }

async function serve(host: string, answer?: (path: string) => [string, string | Buffer] | undefined): Promise<Origin> {
  const hits: string[] = [];
  const files = new Map<string, [string, string | Buffer]>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const file = answer?.(req.url ?? '/') ?? files.get(path);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    hits,
    files,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

let cdn: Origin;
let site: Origin;
let internal: InternalListener;
let server: TestServer;
let browser: Browser;
let siteKey: string;

// .never matches nothing: the visitor's browser never loads its background, the capture would.
const styleV1 = (inside: string) => `@import url("more.css");\n@font-face { font-family: Shop; src: url("shop.woff2") format("woff2"); }\nbody { background: rgb(1, 2, 3) url("bg.png"); }\n.never { background: url("${inside}/secret.png"); }`;
const MORE_V1 = '#title { color: rgb(10, 20, 30); font-family: Shop, sans-serif; }';

before(async () => {
  cdn = await serve('127.0.0.1');
  internal = await startInternalListener();
  // The CDN is on loopback like every fixture here: it alone is allowed; the "internal" service is not.
  server = await startTestServer({ assets: { privateOrigins: [cdn.origin], pollMs: 50 } });
  site = await serve('localhost', (url) => {
    if (!url.startsWith('/styled')) return undefined;
    const html = `<!doctype html><html><head><title>Styled</title><link rel="stylesheet" href="${cdn.origin}/style.css"></head><body>
      <h1 id="title">Styled shop</h1>
      <div data-einblick-unmask><img id="logo" src="${cdn.origin}/logo.png" width="40" height="30" alt="logo"></div>
      <img id="avatar" src="${cdn.origin}/avatar.png" width="50" height="50" alt="">
      <script src="${server.url}/einblick.js" data-site="${siteKey}" defer></script></body></html>`;
    return ['text/html; charset=utf-8', html];
  });
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00aa00' } }).png().toBuffer();
  cdn.files.set('/style.css', ['text/css', styleV1(internal.url)]);
  cdn.files.set('/more.css', ['text/css', MORE_V1]);
  cdn.files.set('/shop.woff2', ['font/woff2', Buffer.from('wOF2 test font bytes')]);
  cdn.files.set('/bg.png', ['image/png', png]);
  cdn.files.set('/logo.png', ['image/png', png]);
  cdn.files.set('/avatar.png', ['image/png', png]);
  const res = await server.api('/api/v1/sites', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Styled shop', origins: [site.origin], privacy: 'strict' }),
  });
  siteKey = ((await res.json()) as { key: string }).key;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([cdn?.close(), site?.close(), internal?.close()]);
});

const report = async (id: string) => (await (await server.api(`/api/v1/sessions/${id}/assets`)).json()) as SessionAssets;

test('a replay shows the page as visited, from captured assets, without a request to the CDN', async () => {
  const visit = await browser.newContext();
  const page = await visit.newPage();
  await page.goto(`${site.origin}/styled`);
  await page.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  const siteId = (await server.store.sites.siteByKey(siteKey))!.id;
  const session = await eventually('the recorded session', async () => (await server.store.sessions.listSessions({ siteId, limit: 5 })).sessions[0]);
  await visit.close();

  const captured = await eventually('every asset captured or refused', async () => {
    const r = await report(session.id);
    return r.assets.length >= 6 && r.assets.every((a) => a.state !== 'queued') ? r : null;
  });
  const byName = (name: string) => captured.assets.find((a) => a.url.endsWith(name));
  for (const name of ['/style.css', '/more.css', '/shop.woff2', '/bg.png', '/logo.png']) assert.equal(byName(name)?.state, 'captured', `${name} is captured`);
  assert.equal(byName('/more.css')?.via, `${cdn.origin}/style.css`, 'the @import is captured as part of its sheet');
  const refused = byName('/secret.png');
  assert.equal(refused?.state, 'failed');
  assert.equal(refused?.reason, 'private_address', 'an asset on a private address is refused');
  assert.equal(refused?.via, `${cdn.origin}/style.css`);
  assert.equal(internal.hits(), 0, 'the private address was never connected to');
  // Strict mode: an image no one marked safe is a placeholder; its address never left the page.
  assert.equal(byName('/avatar.png'), undefined);
  assert.equal(cdn.hits.filter((p) => p === '/avatar.png').length, 1, 'only the visitor\'s own browser loaded the avatar');
  const events = await (await server.api(`/api/v1/sessions/${session.id}/events`)).text();
  assert.ok(!events.includes('avatar.png'), 'the unmarked image\'s address is not stored');

  // The site redesigns and deletes the logo after the visit.
  cdn.files.set('/style.css', ['text/css', 'body { background: rgb(200, 0, 0); }']);
  cdn.files.set('/more.css', ['text/css', '#title { color: rgb(255, 0, 0); }']);
  cdn.files.delete('/logo.png');
  cdn.hits.length = 0;

  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const viewer = await context.newPage();
  const cspErrors: string[] = [];
  viewer.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && cspErrors.push(m.text()));
  const shell = await viewer.goto(server.url + '/viewer/');
  const csp = shell?.headers()['content-security-policy'] ?? '';
  assert.ok(!csp.includes(site.origin) && !csp.includes(cdn.origin), `the viewer's policy lets a replay load nothing from the site: ${csp}`);
  assert.match(csp, /img-src [^;]*\/api\/v1\/assets\//);
  await viewer.getByLabel('Access token').fill(ADMIN_TOKEN);
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  await viewer.goto(`${server.url}/viewer/sessions/${session.id}`);
  const frame = viewer.frameLocator('.rr-player iframe');
  await frame.locator('#title').waitFor({ state: 'attached' });
  const look = await eventually('the captured look in the replay', () =>
    frame.locator('#title').evaluate((el) => {
      const logo = el.ownerDocument.querySelector<HTMLImageElement>('#logo');
      const look = { title: getComputedStyle(el).color, body: getComputedStyle(el.ownerDocument.body).backgroundColor, logo: logo?.complete ? logo.naturalWidth : 0 };
      return look.title !== 'rgb(0, 0, 0)' && look.logo > 0 ? look : null;
    }),
  );
  assert.deepEqual(look, { title: 'rgb(10, 20, 30)', body: 'rgb(1, 2, 3)', logo: 40 }, 'the page looks as it did on the day of the visit');
  const fontLoaded = await frame.locator('#title').evaluate((el) => [...el.ownerDocument.styleSheets].some((s) => { try { return [...s.cssRules].some((r) => r.cssText.includes('/api/v1/assets/')); } catch { return false; } }));
  assert.ok(fontLoaded, 'the replayed sheets point at captured copies');
  await viewer.locator('.asset-report').waitFor();
  assert.match(await viewer.locator('.asset-report').innerText(), /1 asset could not be captured/);
  await viewer.locator('.asset-report summary').click();
  assert.match(await viewer.locator('.asset-report').innerText(), /secret\.png.*private/s, 'the fidelity report says which asset is missing and why');
  assert.deepEqual(cdn.hits, [], 'the CDN saw no request during the replay');
  assert.equal(internal.hits(), 0);
  assert.deepEqual(cspErrors, [], 'nothing the replay needs is blocked by the viewer\'s policy');
  await context.close();

  // The zip export's offline replay carries the captured assets inside it.
  const zip = await server.api(`/api/v1/privacy/visitors/${session.visitor}/export?format=zip`);
  assert.equal(zip.status, 200);
  const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  const html = strFromU8(files[Object.keys(files).find((n) => n.startsWith('replays/'))!]!);
  assert.ok(html.includes('data:text/css;base64,'), 'the captured stylesheet is inside the file');
  assert.ok(html.includes('data:image/png;base64,'), 'the captured logo is inside the file');
  assert.ok(!html.includes(cdn.origin), 'the offline replay names no CDN address to load');
});

test('a captured SVG is served as an image only, and assets need a login', async () => {
  const row = sqliteDb(server.store).prepare<[], { hash: string }>("SELECT hash FROM assets WHERE content_type = 'text/css; charset=utf-8' LIMIT 1").get();
  assert.ok(row);
  const anonymous = await server.api(`/api/v1/assets/${row.hash}`, { token: null });
  assert.equal(anonymous.status, 401);
  const res = await server.api(`/api/v1/assets/${row.hash}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy') ?? '', /sandbox/);
  assert.match(await res.text(), /\/api\/v1\/assets\/[0-9a-f]{64}/, 'a captured sheet points at captured copies');

  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const hash = await server.store.assets.assetCaptured((await server.store.assets.assetDependency(1, (await server.store.sites.siteByKey(siteKey))!.id, 'https://cdn.example/x.svg', 0, 'image')).id, svg, 'image/svg+xml');
  const asImage = await server.api(`/api/v1/assets/${hash}`, { headers: { 'Sec-Fetch-Dest': 'image' } });
  assert.equal(asImage.status, 200);
  assert.equal(asImage.headers.get('content-type'), 'image/svg+xml');
  const asDocument = await server.api(`/api/v1/assets/${hash}`, { headers: { 'Sec-Fetch-Dest': 'document' } });
  assert.equal(asDocument.status, 403, 'an SVG is never opened as a document on the viewer\'s origin');
});
