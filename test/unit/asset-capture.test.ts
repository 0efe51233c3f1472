// The server's capture of a recording's assets: vetted fetches, stylesheets kept with
// their references, deduplication, and erasure of what only one visitor used.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openStore, type SqliteStore, type Store } from '../../server/store/index.ts';
import { assetCapturer } from '../../server/assets/capture-asset.ts';
import { DEFAULT_ASSETS } from '../../server/assets/assets-config.ts';
import { ASSET_URLS_PER_SITE_DAY } from '../../server/store/assets.ts';
import { startInternalListener, type InternalListener } from '../helpers/internal-listener.ts';

let cdn: Server;
let origin: string;
let internal: InternalListener;
const files: Record<string, [string, string]> = {};

before(async () => {
  internal = await startInternalListener();
  files['/style.css'] = ['text/css', '@import "more.css"; body{background:url(/bg.png)} .x{background:url(/hop)}'];
  files['/more.css'] = ['text/css', 'p{color:red}'];
  files['/bg.png'] = ['image/png', 'PNG-bytes'];
  files['/photo.png'] = ['image/png', 'PHOTO-bytes'];
  files['/page.css'] = ['text/html', '<script>alert(1)</script>'];
  files['/big.png'] = ['image/png', 'x'.repeat(5000)];
  cdn = createServer((req, res) => {
    if (req.url === '/hop') return void res.writeHead(302, { Location: `${internal.url}/inside.png` }).end();
    if (req.headers.cookie) return void res.writeHead(400).end();
    const file = files[req.url ?? ''];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  });
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
});
after(async () => {
  cdn.closeAllConnections();
  await new Promise((resolve) => cdn.close(resolve));
  await internal.close();
});

async function world(): Promise<{ store: SqliteStore; siteId: number; capture: (id: number, url: string, kind: 'stylesheet' | 'image') => Promise<void> }> {
  const store = openStore(':memory:');
  const site = await store.sites.createSite('shop', { name: 'Shop', origins: [], retentionDays: 90, privacy: 'strict' });
  const insert = store.db.prepare('INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) VALUES (?, ?, ?, 1, 1)');
  insert.run('s-a', site.id, 'visitor-a');
  insert.run('s-b', site.id, 'visitor-b');
  const { capture } = assetCapturer(store, { ...DEFAULT_ASSETS, privateOrigins: [origin], maxBytes: { stylesheet: 1000, font: 1000, image: 1000 } });
  return { store, siteId: site.id, capture: (id, url, kind) => capture({ id, siteId: site.id, url, kind, day: 1 }) };
}

const report = async (store: Store, session: string) => Object.fromEntries((await store.assets.sessionAssetReport(session)).map((a) => [a.url.replace(origin, ''), a.state === 'captured' ? 'captured' : a.reason]));

test('a sheet is kept with its imports and images captured, and what could not be is dropped', async () => {
  const { store, siteId, capture } = await world();
  await store.assets.recordSessionAssets(0, 's-a', siteId, 1, [{ url: `${origin}/style.css`, kind: 'stylesheet', personal: false }]);
  const [queued] = await store.assets.queuedAssets(5);
  await capture(queued!.id, queued!.url, 'stylesheet');
  assert.deepEqual(await report(store, 's-a'), { '/style.css': 'captured', '/more.css': 'captured', '/bg.png': 'captured', '/hop': 'private_address' });
  assert.equal(internal.hits(), 0, 'a redirect to a private address is refused before connecting');
  const sheet = (await store.assets.sessionAssetReport('s-a')).find((a) => a.url.endsWith('/style.css'))!;
  const text = (await store.assets.assetBody(sheet.hash!))!.body.toString();
  assert.match(text, /^@import "\/api\/v1\/assets\/[0-9a-f]{64}"; body\{background:url\("\/api\/v1\/assets\/[0-9a-f]{64}"\)\} \.x\{background:url\("data:,"\)\}$/);
});

test('a wrong type, a too large body, a 404 and a personal image are refused with their reason', async () => {
  const { store, siteId, capture } = await world();
  await store.assets.recordSessionAssets(0, 's-a', siteId, 1, [
    { url: `${origin}/page.css`, kind: 'stylesheet', personal: false },
    { url: `${origin}/big.png`, kind: 'image', personal: false },
    { url: `${origin}/gone.png`, kind: 'image', personal: false },
    { url: `${origin}/photo.png`, kind: 'image', personal: true },
  ]);
  for (const a of await store.assets.queuedAssets(10)) await capture(a.id, a.url, a.kind as 'stylesheet' | 'image');
  assert.deepEqual(await report(store, 's-a'), { '/page.css': 'wrong_type', '/big.png': 'too_large', '/gone.png': 'not_found', '/photo.png': 'personal' });
});

test('a second visitor adds no bytes; erasing a visitor removes the assets only its sessions used', async () => {
  const { store, siteId, capture } = await world();
  const style = { url: `${origin}/style.css`, kind: 'stylesheet' as const, personal: false };
  await store.assets.recordSessionAssets(0, 's-a', siteId, 1, [style, { url: `${origin}/photo.png`, kind: 'image', personal: false }]);
  for (const a of await store.assets.queuedAssets(10)) await capture(a.id, a.url, a.kind as 'stylesheet' | 'image');
  const bytes = () => store.db.prepare<[], { n: number }>('SELECT coalesce(sum(size), 0) AS n FROM assets').get()!.n;
  const first = bytes();
  await store.assets.recordSessionAssets(0, 's-b', siteId, 1, [style]);
  assert.deepEqual(await store.assets.queuedAssets(10), [], 'the second visit of the day fetches nothing');
  assert.equal(bytes(), first);

  const photo = (await store.assets.sessionAssetReport('s-a')).find((a) => a.url.endsWith('/photo.png'))!.hash!;
  await store.erasure.eraseVisitor(siteId, 'visitor-a');
  assert.equal(await store.assets.assetBody(photo), undefined, 'the photo only visitor a\'s session used is erased with it');
  assert.deepEqual(Object.values(await report(store, 's-b')).sort(), ['captured', 'captured', 'captured', 'private_address'], 'the shared sheet stays for visitor b');
  await store.erasure.eraseVisitor(siteId, 'visitor-b');
  assert.equal(bytes(), 0, 'nothing is kept once no session uses it');
});

test('forged chunks cannot queue more fetches than the daily cap of a site', async () => {
  const { store, siteId } = await world();
  const uses = Array.from({ length: ASSET_URLS_PER_SITE_DAY + 50 }, (_, i) => ({ url: `https://victim.test/${i}.png`, kind: 'image' as const, personal: false }));
  await store.assets.recordSessionAssets(0, 's-a', siteId, 1, uses);
  assert.equal((await store.assets.queuedAssets(ASSET_URLS_PER_SITE_DAY + 100)).length, ASSET_URLS_PER_SITE_DAY);
});
