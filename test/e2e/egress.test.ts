// The server's own Chromium (privacy preview, heatmap screenshots) reaches this server
// and the registered sites' origins, nothing else: not through a registered site's
// open redirect, not from a page's frames, styles, images, prefetches, fetch() or
// WebSockets, not from a hostile recorded snapshot. An "internal" listener on another
// 127.0.0.1 port counts every connection; it must stay at 0.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, eventually, type TestServer } from '../helpers/server.ts';
import { startInternalListener, startRedirectSite, type InternalListener, type RedirectSite } from '../helpers/internal-listener.ts';
import { pageScreenshots } from '../../server/heatmaps/page-screenshots.ts';
import { snapshotHtml, type SerializedNode } from '../../server/heatmaps/snapshot-html.ts';
import { allowList } from '../../server/egress/allow-list.ts';
import { chromiumPath } from '../helpers/browser.ts';

let server: TestServer;
let internal: InternalListener;
let site: RedirectSite;
const pages: Record<string, string> = {};

before(async () => {
  server = await startTestServer();
  internal = await startInternalListener();
  site = await startRedirectSite(pages);
  const res = await server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Redirecting shop', origins: [site.origin] }) });
  assert.equal(res.status, 201);
});
after(async () => {
  await server.close();
  await internal.close();
  await site.close();
});

/** A URL on the registered site that redirects to the internal listener. */
const viaRedirect = (kind: string, path = '/x') => `${site.origin}/redirect?kind=${kind}&to=${encodeURIComponent(internal.url + path)}`;
const preview = (url: string) => server.api('/api/v1/privacy/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url, privacy: 'balanced' }) });

test("a registered site's open redirect does not take the preview to an internal address", async () => {
  const res = await preview(viaRedirect('top', '/secret'));
  const body = await res.text();
  assert.doesNotMatch(body, /internal-secret-4711/, 'the internal page is not returned');
  assert.equal(res.status, 502, body);
  assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'page_unreachable');
  assert.equal(site.seen('/redirect', 'top'), 1, 'the site was asked');
  assert.equal(internal.hits(), 0, 'the internal listener was not');
});

test("a previewed page's frames, styles, images, prefetches, fetch() and WebSockets reach nothing internal", async () => {
  const ws = internal.url.replace('http:', 'ws:');
  const settle = (kind: string) => `.finally(() => fetch('/settled?kind=${kind}'))`;
  pages['/hostile'] = `<!doctype html><html><head><title>Hostile</title>
    <link rel="stylesheet" href="${internal.url}/direct.css"><link rel="stylesheet" href="${viaRedirect('css')}">
    <link rel="prefetch" href="${internal.url}/prefetch"><link rel="prefetch" href="${viaRedirect('prefetch')}">
    <link rel="dns-prefetch" href="${internal.url}"><link rel="preconnect" href="${internal.url}">
    </head><body><h1>Hostile page</h1>
    <img src="${internal.url}/direct.png"><img src="${viaRedirect('img')}">
    <iframe src="${internal.url}/direct-frame"></iframe><iframe src="${viaRedirect('frame')}"></iframe>
    <script>
      fetch('${internal.url}/direct-fetch', { mode: 'no-cors' }).catch(() => {})${settle('fetch-direct')};
      fetch('${viaRedirect('fetch')}', { mode: 'no-cors' }).catch(() => {})${settle('fetch')};
      new Promise((done) => { const s = new WebSocket('${ws}/socket'); s.onopen = s.onerror = s.onclose = done; })${settle('ws')};
      navigator.sendBeacon('${internal.url}/beacon', 'x');
    </script></body></html>`;
  const res = await preview(`${site.origin}/hostile`);
  assert.equal(res.status, 200, await res.clone().text());
  await eventually('the page to try every way out', () => ['css', 'img', 'frame', 'fetch'].every((k) => site.seen('/redirect', k) > 0) && ['fetch-direct', 'fetch', 'ws'].every((k) => site.seen('/settled', k) > 0));
  assert.equal(internal.hits(), 0, 'no connection reached the internal listener');
});

test('a hostile recorded snapshot (svg>style planting a frame, images through a redirect) reaches nothing internal in a heatmap screenshot', async () => {
  const el = (tagName: string, attributes: SerializedNode['attributes'] = {}, childNodes: SerializedNode[] = []): SerializedNode => ({ type: 2, tagName, attributes, childNodes });
  const text = (textContent: string): SerializedNode => ({ type: 3, textContent });
  const snapshot: SerializedNode = { type: 0, childNodes: [{ type: 1 }, el('html', {}, [el('head'), el('body', {}, [
    el('svg', {}, [el('style', {}, [text(`</style></svg><iframe src="${viaRedirect('planted')}"></iframe><img src="${internal.url}/planted.png">`)])]),
    el('img', { src: viaRedirect('snapshot-img') }),
    el('div', { style: `background: url('${viaRedirect('snapshot-css')}')` }, [text('A recorded box')]),
    el('img', { src: `${internal.url}/snapshot-direct.png` }),
  ])])] };
  const screenshots = pageScreenshots({ enabled: true, chromiumPath: chromiumPath() }, () => undefined);
  try {
    const shot = await screenshots.take({
      key: 'hostile', html: async () => snapshotHtml(snapshot, `${site.origin}/`), viewportWidth: 800, viewportHeight: 600,
      allow: allowList({ own: [server.url], sites: [site.origin] }),
    });
    assert.ok(shot && shot.png.length > 1000, 'the page is still drawn');
  } finally {
    await screenshots.close();
  }
  assert.ok(site.seen('/redirect', 'snapshot-img') > 0, "the recorded image was asked of the site's origin");
  assert.equal(site.seen('/redirect', 'planted'), 0, 'the text in svg>style planted no frame');
  assert.equal(internal.hits(), 0, 'no connection reached the internal listener');
});
