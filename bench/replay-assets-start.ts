// Replay first frame of a page styled from a CDN (a stylesheet with an @import, a web
// font, a background and a logo): the viewer with the captured copies vs. the same
// viewer loading the assets live from the CDN (the report answered with the original
// URLs, the policy bypassed), both servers local with no added latency: what the
// capture costs, or saves, the first frame. "First frame": the replayed title has the
// sheet's colour and the logo is decoded.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { Browser, BrowserContext } from 'playwright-core';
import { ADMIN_TOKEN, eventually, startTestServer, type TestServer } from '../test/helpers/server.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import type { SessionAssets } from '../contract/schemas/index.ts';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function cdnServer(): Promise<{ origin: string; close(): void }> {
  const png = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#0a0' } }).png().toBuffer();
  const files = new Map<string, [string, Buffer]>([
    ['/site.css', ['text/css', Buffer.from('@import url("base.css");\n@font-face{font-family:Shop;src:url(shop.woff2)}\nbody{background:#fff url(bg.png)}')]],
    ['/base.css', ['text/css', Buffer.from('#title{color:rgb(10, 20, 30);font-family:Shop,sans-serif}')]],
    ['/shop.woff2', ['font/woff2', randomBytes(40 * 1024)]],
    ['/bg.png', ['image/png', png]],
    ['/logo.png', ['image/png', png]],
  ]);
  const server = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0], 'Cache-Control': 'no-store' }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

function visitEvents(cdn: string, t0: number): unknown[] {
  const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
  const head = el(3, 'head', {}, [el(4, 'link', { rel: 'stylesheet', href: `${cdn}/site.css` })]);
  const body = el(5, 'body', {}, [el(6, 'h1', { id: 'title' }, [{ type: 3, id: 7, textContent: 'Styled shop' }]), el(8, 'img', { id: 'logo', src: `${cdn}/logo.png` })]);
  return [
    { type: 4, timestamp: t0, data: { href: 'https://shop.test/', width: 1280, height: 800 } },
    { type: 2, timestamp: t0 + 1, data: { node: { type: 0, id: 1, childNodes: [el(2, 'html', {}, [head, body])] }, initialOffset: { top: 0, left: 0 } } },
    { type: 3, timestamp: t0 + 5000, data: { source: 1, positions: [{ x: 5, y: 5, id: 6, timeOffset: 0 }] } },
  ];
}

async function signedIn(browser: Browser, server: TestServer, bypassCSP: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP });
  const page = await context.newPage();
  await page.goto(server.url + '/viewer/');
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/viewer/**');
  await page.close();
  return context;
}

async function firstFrame(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  const ms = await page
    .waitForFunction(() => {
      const doc = document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument;
      const title = doc?.getElementById('title');
      const logo = doc?.getElementById('logo') as HTMLImageElement | null;
      return title && getComputedStyle(title).color === 'rgb(10, 20, 30)' && logo?.complete && logo.naturalWidth > 0 ? performance.now() : false;
    }, undefined, { polling: 'raf', timeout: 30_000 })
    .then((h) => h.jsonValue() as Promise<number>);
  await page.close();
  return ms;
}

export async function measureReplayAssetsStart(runs: number): Promise<{ capturedMs: number; liveMs: number }> {
  const cdn = await cdnServer();
  const server = await startTestServer({ assets: { privateOrigins: [cdn.origin], pollMs: 20 } });
  const browser = await launchBrowser();
  try {
    await server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Bench shop', origins: ['https://shop.test'], privacy: 'balanced' }) });
    const site = (await server.store.sites.listSites())[0]!.key;
    const res = await fetch(`${server.url}/api/v1/ingest`, { method: 'POST', body: JSON.stringify({ site, visitor: 'bench-visitor', session: 'bench-assets-replay', seq: 0, events: visitEvents(cdn.origin, Date.now()) }) });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
    await eventually('assets captured', async () => !(await server.store.assets.nextAssetScans(1)).length && !(await server.store.assets.queuedAssets(1)).length && (await server.store.assets.sessionAssetReport('bench-assets-replay')).length > 0, 30_000);
    const url = `${server.url}/viewer/sessions/bench-assets-replay`;

    const captured = await signedIn(browser, server, false);
    const live = await signedIn(browser, server, true);
    // The live baseline: the report names each asset's own URL, so the viewer loads it from the CDN.
    const real = (await (await server.api('/api/v1/sessions/bench-assets-replay/assets')).json()) as SessionAssets;
    const asLive: SessionAssets = { ...real, assets: real.assets.map((a) => ({ ...a, path: a.url })) };
    await live.route('**/api/v1/sessions/*/assets', (route) => route.fulfill({ json: asLive }));
    const capturedMs: number[] = [];
    const liveMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      capturedMs.push(await firstFrame(captured, url));
      liveMs.push(await firstFrame(live, url));
    }
    return { capturedMs: median(capturedMs), liveMs: median(liveMs) };
  } finally {
    await browser.close();
    await server.close();
    cdn.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureReplayAssetsStart(Number(process.argv[2] ?? 3)));
