// Replay start for a 60-minute session in real Chromium: time to the first rendered
// frame, and to a rendered frame after seeking to three far points, in the viewer
// (first segment, the rest streamed) vs. the baseline from the same run: the whole
// event stream fetched first and handed to rrweb-player (the viewer's old way).
// "Rendered" means the replay iframe shows the page with the clock text of that moment.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../test/helpers/server.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { clockText, storeSyntheticSession } from '../test/helpers/synthetic-session.ts';

export interface ReplayStart {
  minutes: number;
  checkoutEveryMin: number;
  /** The whole session's event stream, uncompressed. */
  streamBytes: number;
  firstFrameMs: number;
  baselineFirstFrameMs: number;
  /** Median over runs of the slowest of the three seeks. */
  seekMs: number;
  baselineSeekMs: number;
  /** First frame when the browser opens the same replay again with its HTTP cache kept (a returning researcher). */
  warmFirstFrameMs: number;
  baselineWarmFirstFrameMs: number;
}

/** Offsets into the session (ms) to seek to, far apart, clear of clock ticks. */
const SEEKS = [41 * 60_000 + 15_000, 17 * 60_000 + 35_000, 58 * 60_000 + 5_000];

async function baselineAssets(): Promise<{ js: Buffer; css: Buffer }> {
  const out = await build({
    entryPoints: ['bench/replay-baseline/page.ts'], bundle: true, minify: true, format: 'esm', target: ['es2022'],
    outdir: 'out', write: false, logLevel: 'silent', loader: { '.css': 'css' },
  });
  const file = (ext: string) => Buffer.from(out.outputFiles.find((f) => f.path.endsWith(ext))!.contents);
  return { js: file('.js'), css: file('.css') };
}

/** performance.now() once the replay iframe shows `#clock` reading one of `texts`, polled every frame. */
function frameShowing(page: Page, texts: string[]): Promise<number> {
  return page
    .waitForFunction(
      (want) => {
        const doc = document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument;
        return want.includes(doc?.getElementById('clock')?.textContent ?? '') ? performance.now() : false;
      },
      texts,
      { polling: 'raf', timeout: 60_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>);
}

/**
 * Clicks rrweb-player's progress bar at `share` of its width and answers the ms until
 * the moment it went to is on screen. Click coordinates are whole pixels, so the moment
 * is read back from the player's own clock, to the second.
 */
async function seek(page: Page, share: number): Promise<number> {
  const { started, shown } = await page.evaluate(async (share) => {
    const bar = document.querySelector<HTMLElement>('.rr-progress')!;
    const r = bar.getBoundingClientRect();
    const started = performance.now();
    bar.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: r.left + r.width * share, clientY: r.top + r.height / 2 }));
    await Promise.resolve();
    return { started, shown: document.querySelector('.rr-timeline__time')?.textContent ?? '' };
  }, share);
  const [m, s] = shown.split(':').map(Number);
  const second = ((m ?? 0) * 60 + (s ?? 0)) * 1000;
  return (await frameShowing(page, [clockText(second), clockText(second + 1000)])) - started;
}

/**
 * `start` makes the server to measure (SQLite in a temp directory unless given: the
 * backends bench passes one on PostgreSQL + S3); the session is stored through its store.
 */
export async function measureReplayStart(runs = 3, checkoutEveryMin = 5, start: () => Promise<TestServer> = () => startTestServer()): Promise<ReplayStart> {
  const server = await start();
  const minutes = 60;
  const session = await storeSyntheticSession(server.store, 'demo', { id: 'bench-replay-60min', minutes, checkoutEveryMin });
  const assets = await baselineAssets();
  const html = '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="/bench-baseline/page.css"><div id="stage"></div><script type="module" src="/bench-baseline/page.js"></script>';
  // The baseline page is served from the server's origin (so the login cookie applies), in front of the app.
  const app = server.http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.http.removeAllListeners('request');
  const wholeStream = `/api/v1/sessions/${session.id}/events`;
  server.http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // The baseline's whole-stream request goes out uncompressed, as it did before the API
    // compressed: on this loopback, gzipping 7 MB would only make the baseline slower.
    if (req.url === wholeStream) delete req.headers['accept-encoding'];
    const file = req.url === '/bench-baseline/' ? ['text/html', Buffer.from(html)] : req.url === '/bench-baseline/page.js' ? ['text/javascript', assets.js] : req.url === '/bench-baseline/page.css' ? ['text/css', assets.css] : null;
    if (!file) return app.forEach((handle) => handle(req, res));
    res.writeHead(200, { 'Content-Type': file[0] as string, 'Content-Encoding': 'gzip' }).end(gzipSync(file[1] as Buffer));
  });

  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.request.post(server.url + '/api/v1/auth/login', { data: { token: ADMIN_TOKEN } });
  const streamBytes = (await (await server.api(`/api/v1/sessions/${session.id}/events`)).arrayBuffer()).byteLength;
  // Both players span first to last event: the session's duration.
  const total = ((await (await server.api(`/api/v1/sessions/${session.id}`)).json()) as { duration: number }).duration;

  // Cold: the browser's HTTP cache is emptied first, so every bundle is fetched again. Warm: kept
  // from the open before (the same page), as for a researcher coming back; measured without seeks.
  const open = async (baseline: boolean, cold = true) => {
    const page = await context.newPage();
    if (cold) await (await context.newCDPSession(page)).send('Network.clearBrowserCache');
    await page.goto(baseline ? `${server.url}/bench-baseline/#${session.id}` : `${server.url}/viewer/sessions/${session.id}`, { waitUntil: 'commit' });
    const firstFrame = await frameShowing(page, [clockText(0)]);
    const seeks: number[] = [];
    if (cold) for (const offset of SEEKS) seeks.push(await seek(page, offset / total));
    await page.close();
    return { firstFrame, seek: cold ? Math.max(...seeks) : NaN };
  };

  await open(false); // warm-up: caches, JIT, SQLite pages
  await open(true);
  const mine: { firstFrame: number; seek: number }[] = [];
  const base: { firstFrame: number; seek: number }[] = [];
  const mineWarm: number[] = [];
  const baseWarm: number[] = [];
  for (let i = 0; i < runs; i++) {
    mine.push(await open(false));
    mineWarm.push((await open(false, false)).firstFrame);
    base.push(await open(true));
    baseWarm.push((await open(true, false)).firstFrame);
  }
  await browser.close();
  await server.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    minutes, checkoutEveryMin, streamBytes,
    firstFrameMs: median(mine.map((r) => r.firstFrame)), baselineFirstFrameMs: median(base.map((r) => r.firstFrame)),
    seekMs: median(mine.map((r) => r.seek)), baselineSeekMs: median(base.map((r) => r.seek)),
    warmFirstFrameMs: median(mineWarm), baselineWarmFirstFrameMs: median(baseWarm),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureReplayStart(Number(process.argv[2] ?? 1), Number(process.argv[3] ?? 5)));
