// Bytes on the wire for a scripted, realistic visit to the demo shop: what Einblick
// uploads vs. the raw rrweb JSON of the same recording, per recorded minute.
import { gunzipSync } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import type { TestServer } from '../test/helpers/server.ts';
import { launchBrowser } from '../test/helpers/browser.ts';

/** uploadedBytes counts the chunk request bodies. */
export interface WireResult { seconds: number; uploadedBytes: number; rawJsonBytes: number; chunks: number }

export async function measureWireBytes(server: TestServer, seconds = 30): Promise<WireResult> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Counted where the bytes arrive: the browser's own accounting misses keepalive Blob bodies.
  let uploadedBytes = 0;
  const count = (req: IncomingMessage) => {
    if (req.url === '/api/v1/ingest') uploadedBytes += Number(req.headers['content-length'] ?? 0);
  };
  server.http.prependListener('request', count);
  await page.goto(server.url + '/demo');
  await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
  const until = Date.now() + seconds * 1000;
  // A shopper: browses, adds to cart, opens an account, checks out, scrolls, moves the mouse.
  const steps: (() => Promise<unknown>)[] = [
    () => page.mouse.move(200 + Math.random() * 800, 200 + Math.random() * 400, { steps: 8 }),
    () => page.mouse.wheel(0, 400),
    () => page.click('#add-1'),
    () => page.click('#add-3'),
    () => page.mouse.wheel(0, -300),
    () => page.click('#nav-account'),
    () => page.fill('#name', 'Alex Sample'),
    () => page.fill('#email', 'alex@example.com'),
    () => page.click('#nav-checkout'),
    () => page.click('#nav-shop'),
  ];
  for (let i = 0; Date.now() < until; i++) {
    await steps[i % steps.length]!().catch(() => undefined);
    await page.waitForTimeout(600);
  }
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 1500));
  server.http.removeListener('request', count);
  await browser.close();
  const rows = server.store.db.prepare('SELECT data FROM chunks').all() as { data: Buffer }[];
  const rawJsonBytes = rows.reduce((n, r) => n + gunzipSync(r.data).length, 0);
  return { seconds, uploadedBytes, rawJsonBytes, chunks: rows.length };
}
