// Bytes the captured assets of a realistic visit take, first visitor vs later ones:
// five pages sharing a stylesheet (with an @import, two web fonts, three background
// images) and a logo, each page with its own hero image, visited by `visitors` people.
// Synthetic chunks go through the real ingest; the assets come from a local "CDN".
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startTestServer } from '../test/helpers/server.ts';
import { sqliteDb } from '../test/helpers/sqlite-db.ts';

const PAGES = 5;
const KB = 1024;

function cdnFiles(): Map<string, [string, Buffer]> {
  const files = new Map<string, [string, Buffer]>();
  const css = (text: string, padTo: number) => Buffer.from(text + '\n/*' + 'x'.repeat(Math.max(0, padTo - text.length)) + '*/');
  files.set('/site.css', ['text/css', css('@import url("base.css");\n@font-face{font-family:A;src:url(a.woff2)}\n@font-face{font-family:B;src:url(b.woff2)}\n.h{background:url(bg1.png)}.i{background:url(bg2.png)}.j{background:url(bg3.png)}', 30 * KB)]);
  files.set('/base.css', ['text/css', css('body{margin:0}', 20 * KB)]);
  for (const f of ['a', 'b']) files.set(`/${f}.woff2`, ['font/woff2', randomBytes(40 * KB)]);
  for (const i of [1, 2, 3]) files.set(`/bg${i}.png`, ['image/png', randomBytes(10 * KB)]);
  files.set('/logo.png', ['image/png', randomBytes(5 * KB)]);
  for (let p = 0; p < PAGES; p++) files.set(`/hero-${p}.png`, ['image/png', randomBytes(80 * KB)]);
  return files;
}

function pageEvents(cdn: string, page: number, t0: number): unknown[] {
  const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
  const body = el(5, 'body', {}, [el(6, 'img', { src: `${cdn}/logo.png` }), el(7, 'img', { src: `${cdn}/hero-${page}.png` })]);
  const head = el(3, 'head', {}, [el(4, 'link', { rel: 'stylesheet', href: `${cdn}/site.css` })]);
  return [
    { type: 4, timestamp: t0, data: { href: `https://shop.test/page-${page}`, width: 1280, height: 800 } },
    { type: 2, timestamp: t0 + 1, data: { node: { type: 0, id: 1, childNodes: [el(2, 'html', {}, [head, body])] }, initialOffset: { top: 0, left: 0 } } },
  ];
}

export async function measureAssetDedup(visitors: number): Promise<{ firstBytes: number; secondAdded: number; totalBytes: number; visitors: number }> {
  const files = cdnFiles();
  const cdnServer = createServer((req, res) => {
    const file = files.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => cdnServer.listen(0, '127.0.0.1', resolve));
  const cdn = `http://127.0.0.1:${(cdnServer.address() as AddressInfo).port}`;
  const server = await startTestServer({ assets: { privateOrigins: [cdn], pollMs: 20 }, limits: { perClient: { perSecond: 1e5, burst: 1e5 } } });
  try {
    await server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Bench shop', origins: ['https://shop.test'], privacy: 'balanced' }) });
    const siteKey = (await server.store.sites.listSites())[0]!.key;
    const bytes = () => sqliteDb(server.store).prepare<[], { n: number }>('SELECT coalesce(sum(size), 0) AS n FROM assets').get()!.n;
    const settled = () => eventually('assets captured', async () => !(await server.store.assets.nextAssetScans(1)).length && !(await server.store.assets.queuedAssets(1)).length, 60_000);
    const visit = async (v: number) => {
      for (let page = 0; page < PAGES; page++) {
        const res = await fetch(`${server.url}/api/v1/ingest`, { method: 'POST', body: JSON.stringify({ site: siteKey, visitor: `bench-visitor-${v}`, session: `bench-asset-session-${v}`, seq: page, events: pageEvents(cdn, page, Date.now()) }) });
        if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
      }
      await settled();
    };
    await visit(0);
    const firstBytes = bytes();
    await visit(1);
    const secondAdded = bytes() - firstBytes;
    for (let v = 2; v < visitors; v++) await visit(v);
    return { firstBytes, secondAdded, totalBytes: bytes(), visitors };
  } finally {
    await server.close();
    cdnServer.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureAssetDedup(Number(process.argv[2] ?? 50)));
