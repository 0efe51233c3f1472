// Issue #13, the heatmap PNG and the browser's own stylesheets: a same-origin stylesheet
// arrives inlined by rrweb, so the server fetches only what its url()s name (a font, a
// background image), never the sheet again; the heatmap PNG is drawn over the page with
// the captured copies, so after a redesign it still shows the page as visited, and
// rendering it sends no request to the site or its CDN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { eventually, startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { untilRecording } from '../helpers/recording.ts';
import { serveFiles, type FileOrigin } from '../helpers/file-origin.ts';
import type { SessionAssets } from '../../contract/schemas/index.ts';

let cdn: FileOrigin;
let site: FileOrigin;
let server: TestServer;
let browser: Browser;
let siteKey: string;

const OWN_CSS = '@font-face { font-family: Own; src: url("own.woff2") format("woff2"); }\nbody { margin: 0; background-color: rgb(1, 2, 3); }\n#hero { margin-top: 20px; width: 300px; height: 120px; background-image: url("hero.png"); }';
const CDN_CSS = 'header { display: block; height: 80px; background: rgb(200, 100, 0); }';

before(async () => {
  cdn = await serveFiles('127.0.0.1');
  site = await serveFiles('localhost');
  // Both fixture origins are on loopback: the server may fetch from them (a test's allowance).
  server = await startTestServer({ assets: { privateOrigins: [cdn.origin, site.origin], pollMs: 50, timeoutMs: 60_000 } });
  const res = await server.api('/api/v1/sites', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Own-styled shop', origins: [site.origin], privacy: 'strict' }),
  });
  siteKey = ((await res.json()) as { key: string }).key;
  const green = await sharp({ create: { width: 300, height: 120, channels: 3, background: '#00aa00' } }).png().toBuffer();
  site.files.set('/styled', ['text/html; charset=utf-8', `<!doctype html><html><head><title>Own</title>
    <link rel="stylesheet" href="/own.css"><link rel="stylesheet" href="${cdn.origin}/cdn.css"></head><body>
    <header></header><div id="hero"></div><div style="height: 600px"></div>
    <script src="${server.url}/einblick.js" data-site="${siteKey}" defer></script></body></html>`]);
  site.files.set('/own.css', ['text/css', OWN_CSS]);
  site.files.set('/own.woff2', ['font/woff2', Buffer.from('wOF2 test font bytes')]);
  site.files.set('/hero.png', ['image/png', green]);
  cdn.files.set('/cdn.css', ['text/css', CDN_CSS]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([cdn?.close(), site?.close()]);
});

const query = () => new URLSearchParams({ site: siteKey, url: `${site.origin}/styled`, device: 'desktop' }).toString();
const near = (got: number[], want: number[]) => got.every((v, i) => Math.abs(v - want[i]!) <= 12);

/** The click PNG of the page, and its colour at a point of the recorded 1280 px page. */
async function pngPixels(): Promise<{ at(x: number, y: number): number[] }> {
  const res = await server.api(`/api/v1/heatmaps/clicks.png?${query()}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-einblick-background'), 'screenshot');
  const { data, info } = await sharp(Buffer.from(await res.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const answer = (await (await server.api(`/api/v1/heatmaps/clicks?${query()}`)).json()) as { width: number };
  const scale = answer.width / 1280;
  return {
    at(x, y) {
      const i = (Math.round(y * scale) * info.width + Math.round(x * scale)) * 3;
      return [data[i]!, data[i + 1]!, data[i + 2]!];
    },
  };
}

test('a same-origin sheet is not fetched again, its font and image are, and the heatmap PNG shows the page as visited', async () => {
  // The server's fetch of the CDN sheet (no Sec-Fetch-Dest: not a browser) waits until released.
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  cdn.hold = (req) => (req.headers['sec-fetch-dest'] === undefined ? released : undefined);
  const visit = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await visit.newPage();
  await page.goto(`${site.origin}/styled`);
  await page.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await untilRecording(page);
  await page.mouse.click(1100, 600);
  const siteId = (await server.store.sites.siteByKey(siteKey))!.id;
  const session = await eventually('the recorded session', async () => (await server.store.sessions.listSessions({ siteId, limit: 5 })).sessions[0]);
  await eventually('the page snapshot for heatmaps', async () => (await server.api(`/api/v1/heatmaps/snapshot?${query()}`)).status === 200);
  await page.goto('about:blank');
  await visit.close();

  // A PNG asked for while the CDN sheet is still being captured lacks it; once it is in, the PNG is rendered again.
  await eventually('the other assets captured', async () => {
    const r = (await (await server.api(`/api/v1/sessions/${session.id}/assets`)).json()) as SessionAssets;
    return r.assets.filter((a) => a.state === 'captured').length >= 2;
  });
  const early = await pngPixels();
  assert.ok(!near(early.at(600, 40), [200, 100, 0]), `the sheet not yet captured is missing: ${early.at(600, 40)}`);
  release();

  const report = await eventually('every asset captured', async () => {
    const r = (await (await server.api(`/api/v1/sessions/${session.id}/assets`)).json()) as SessionAssets;
    return r.assets.length >= 3 && r.assets.every((a) => a.state !== 'queued') ? r : null;
  });
  const state = Object.fromEntries(report.assets.map((a) => [new URL(a.url).pathname, a.state]));
  assert.deepEqual(state, { '/own.woff2': 'captured', '/hero.png': 'captured', '/cdn.css': 'captured' }, 'the inlined sheet\'s font and image are captured; the sheet itself is not an asset to fetch');
  assert.equal(site.hits.filter((p) => p === '/own.css').length, 1, 'only the visitor\'s browser loaded the same-origin sheet: the server took it from the recording');
  assert.equal(site.hits.filter((p) => p === '/hero.png').length, 2, 'the visitor\'s browser and the capture, once each');

  // The replay points the inlined sheet's url()s at the captured copies, as it does a fetched sheet's.
  const events = await (await server.api(`/api/v1/sessions/${session.id}/events`)).text();
  assert.ok(events.includes(`${site.origin}/hero.png`), 'the inlined sheet names the image, absolute');

  // The site and its CDN redesign after the visit, and the hero image is deleted.
  site.files.set('/own.css', ['text/css', 'body { background-color: rgb(255, 0, 0); }']);
  site.files.delete('/hero.png');
  cdn.files.set('/cdn.css', ['text/css', 'header { display: block; height: 80px; background: rgb(0, 0, 255); }']);
  site.hits.length = 0;
  cdn.hits.length = 0;

  const { at } = await pngPixels();
  assert.ok(near(at(600, 40), [200, 100, 0]), `the CDN sheet's header colour as visited: ${at(600, 40)}`);
  assert.ok(near(at(100, 160), [0, 170, 0]), `the captured hero image, since deleted: ${at(100, 160)}`);
  assert.ok(near(at(600, 400), [1, 2, 3]), `the body colour as visited: ${at(600, 400)}`);
  assert.deepEqual(site.hits, [], 'the site saw no request while the PNG was rendered');
  assert.deepEqual(cdn.hits, [], 'nor did its CDN');
});
