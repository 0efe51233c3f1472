// Strict mode captures an image no data-einblick-unmask marks when its address is under
// one the site declares safe (PATCH /api/v1/sites/:key safeImages), matched on the parsed
// origin and whole path segments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalSafeImagePrefix, safeImageMatcher } from '../../contract/safe-images.ts';
import { eventually, startTestServer, type TestServer } from '../helpers/server.ts';
import type { SessionAssets } from '../../contract/schemas/index.ts';

const ORIGIN = 'https://shop.test';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
let server: TestServer;
let cdn: Server;
let cdnOrigin: string;

before(async () => {
  cdn = createServer((_req, res) => void res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG));
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  cdnOrigin = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
  server = await startTestServer({ assets: { privateOrigins: [cdnOrigin], pollMs: 20 } });
});
after(async () => {
  await server.close();
  cdn.close();
});

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('a prefix matches by origin and whole path segments, never as text', () => {
  const safe = safeImageMatcher(['https://cdn.example.com/products/', '/static/icons/', 'https://img.example.com/logo.svg'], [ORIGIN]);
  assert.ok(safe('https://cdn.example.com/products/shoe.jpg'));
  assert.ok(safe('https://CDN.example.com:443/products/a/b.png'));
  assert.ok(safe(`${ORIGIN}/static/icons/cart.svg`));
  assert.ok(safe('https://img.example.com/logo.svg'));
  for (const url of [
    'https://cdn.example.com.evil.com/products/shoe.jpg',
    'https://evil.com/https://cdn.example.com/products/x.png',
    'https://cdn.example.com@evil.com/products/x.png',
    'https://user@cdn.example.com/products/x.png',
    'http://cdn.example.com/products/shoe.jpg',
    'https://cdn.example.com/products-private/x.png',
    'https://cdn.example.com/products',
    `${ORIGIN}/static/icons/../avatars/me.png`,
    `${ORIGIN}/static/icons/%2e%2e/avatars/me.png`,
    `${ORIGIN}/static/icons/..%2Favatars/me.png`,
    `${ORIGIN}/static/icons/..%5Cavatars/me.png`,
    'https://other.example/static/icons/cart.svg',
    'https://img.example.com/logo.svg.evil/x.png',
    'data:image/png;base64,AAAA',
    'not a url',
  ]) assert.equal(safe(url), false, url);
});

test('declared prefixes are validated and kept normalised', () => {
  assert.equal(normalSafeImagePrefix('HTTPS://CDN.Example.com:443/products/'), 'https://cdn.example.com/products/');
  assert.equal(normalSafeImagePrefix('https://cdn.example.com'), 'https://cdn.example.com/');
  assert.equal(normalSafeImagePrefix('/static/icons/'), '/static/icons/');
  for (const bad of ['//evil.com/x/', 'static/icons/', '/static/icons/../avatars/', '/static/%2e%2e/x/', '/a/?q=1', 'https://cdn.example.com/p?x=1', 'https://cdn.example.com/p#x', 'https://u:p@cdn.example.com/', 'javascript:alert(1)', 'ftp://cdn.example.com/', '/a\\b/', '/' + 'x'.repeat(200)]) {
    assert.equal(normalSafeImagePrefix(bad), null, bad);
  }
});

test('safeImages: accepted by POST and PATCH, shown by GET, bounded and validated', async () => {
  const created = await server.api('/api/v1/sites', json('POST', { name: 'Safe shop', origins: [ORIGIN], safeImages: ['HTTPS://CDN.example.com/products/'] }));
  assert.equal(created.status, 201);
  const { key, safeImages } = (await created.json()) as { key: string; safeImages: string[] };
  assert.deepEqual(safeImages, ['https://cdn.example.com/products/']);
  const patched = await server.api(`/api/v1/sites/${key}`, json('PATCH', { safeImages: ['/static/icons/', '/static/icons/'] }));
  assert.equal(patched.status, 200);
  assert.deepEqual(((await patched.json()) as { safeImages: string[] }).safeImages, ['/static/icons/']);
  const listed = (await (await server.api('/api/v1/sites')).json()) as { sites: { key: string; safeImages: string[] }[] };
  assert.deepEqual(listed.sites.find((s) => s.key === key)?.safeImages, ['/static/icons/']);
  for (const bad of [['/a/../b/'], ['https://cdn.example.com/x?y=1'], ['//cdn.example.com/'], Array.from({ length: 21 }, (_, i) => `/p${i}/`), ['/' + 'x'.repeat(201)], '/x/']) {
    const res = await server.api(`/api/v1/sites/${key}`, json('PATCH', { safeImages: bad }));
    assert.equal(res.status, 400, JSON.stringify(bad).slice(0, 80));
  }
});

let n = 0;
async function visit(site: string, images: string[]): Promise<Record<string, string>> {
  const session = `safe-images-session-${++n}`;
  const el = (id: number, tagName: string, attributes: Record<string, string>, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });
  // What the recorder sends: image sources, and an image in a style attribute (unmarked: personal in strict).
  const body = el(4, 'body', {}, images.map((src, i) => (i % 2 ? el(10 + i, 'img', { src }) : el(10 + i, 'div', { style: `background-image: url("${src}")` }))));
  const events = [
    { type: 4, timestamp: Date.now(), data: { href: `${ORIGIN}/`, width: 1280, height: 800 } },
    { type: 2, timestamp: Date.now(), data: { node: { type: 0, id: 1, childNodes: [el(2, 'html', {}, [el(3, 'head', {}), body])] }, initialOffset: { top: 0, left: 0 } } },
  ];
  const res = await fetch(`${server.url}/api/v1/ingest`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: ORIGIN }, body: JSON.stringify({ site, visitor: `visitor-${n}`, session, seq: 0, events }) });
  assert.equal(res.status, 202, await res.clone().text());
  const report = await eventually('assets settled', async () => {
    const r = (await (await server.api(`/api/v1/sessions/${session}/assets`)).json()) as SessionAssets;
    return r.assets.length === images.length && r.assets.every((a) => a.state !== 'queued') ? r : null;
  });
  return Object.fromEntries(report.assets.map((a) => [a.url.replace(cdnOrigin, 'CDN'), a.state === 'captured' ? 'captured' : a.reason ?? '']));
}

test('strict: images under a declared prefix are captured, the others stay personal', async () => {
  const res = await server.api('/api/v1/sites', json('POST', { name: 'Strict shop', origins: [ORIGIN], privacy: 'strict' }));
  const { key } = (await res.json()) as { key: string };
  const images = [`${cdnOrigin}/products/shoe.png`, `${cdnOrigin}/products/boot.png`, `${cdnOrigin}/avatars/me.png`, `${cdnOrigin}/products/../avatars/you.png`, `${ORIGIN}/static/avatars/a.png`];
  const before = await visit(key, images);
  assert.deepEqual(Object.values(before), ['personal', 'personal', 'personal', 'personal', 'personal']);
  await server.api(`/api/v1/sites/${key}`, json('PATCH', { safeImages: [`${cdnOrigin}/products/`, '/static/icons/'] }));
  const after = await visit(key, [...images, `${ORIGIN}/static/icons/cart.png`]);
  assert.equal(after['CDN/products/shoe.png'], 'captured');
  assert.equal(after['CDN/products/boot.png'], 'captured');
  assert.equal(after['CDN/avatars/me.png'], 'personal');
  assert.equal(after['CDN/products/../avatars/you.png'], 'personal');
  assert.equal(after[`${ORIGIN}/static/avatars/a.png`], 'personal');
  // Declared safe, so fetched (shop.test resolves nowhere here): anything but personal.
  assert.notEqual(after[`${ORIGIN}/static/icons/cart.png`], 'personal');
});
