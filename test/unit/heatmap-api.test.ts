// Heatmap API over stored clicks and page views: JSON and PNG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const T = Date.now() - 60_000;

/** A page view of /pricing that scrolled to `depth`, with clicks at the given points. */
function visit(i: number, depth: number, clicks: [number, number][], width = 1280) {
  return {
    site: 'demo',
    visitor: `heat-visitor-${i}`,
    session: `heat-session-${i}`,
    seq: 0,
    events: [{ type: 3, timestamp: T, data: {} }],
    pages: [{ pv: 0, url: `https://shop.example/pricing?ref=mail${i}`, ts: T, viewportWidth: width, viewportHeight: 500, docWidth: width, docHeight: 2000 }],
    clicks: clicks.map(([x, y], k) => ({ pv: 0, ts: T + k, x, y, selector: x < 640 ? 'button#buy' : 'a#help', offsetX: 50, offsetY: 50 })),
    scroll: [{ pv: 0, ts: T + 10, depth }],
  };
}

before(async () => {
  server = await startTestServer();
  const visits = [
    visit(1, 0.25, [[200, 300], [205, 305], [198, 296]]),
    visit(2, 0.5, [[202, 301], [199, 299]]),
    visit(3, 1, [[900, 1500]]),
    visit(4, 0.5, [[100, 100]], 390), // a phone: not in the desktop map
  ];
  for (const v of visits) assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(v) })).status, 202);
});
after(() => server.close());

const q = (extra = '') => `site=demo&url=${encodeURIComponent('https://shop.example/pricing')}&device=desktop${extra}`;

test('pages are listed by traffic, without their query strings', async () => {
  const res = await server.api('/api/v1/heatmaps/pages?site=demo&device=desktop');
  assert.deepEqual(await res.json(), { pages: [{ page: 'https://shop.example/pricing', pageViews: 3 }] });
});

test('click bins, totals and top elements for one page and device class', async () => {
  const body = (await (await server.api(`/api/v1/heatmaps/clicks?${q()}`)).json()) as {
    totals: { clicks: number; pageViews: number }; cells: [number, number, number][]; cell: number; top: { selector: string; clicks: number; share: number }[];
  };
  assert.deepEqual(body.totals, { clicks: 6, rage: 0, dead: 0, pageViews: 3 });
  const hot = body.cells.filter(([cx, cy]) => Math.abs(cx * body.cell - 200) <= 16 && Math.abs(cy * body.cell - 300) <= 16).reduce((n, c) => n + c[2], 0);
  assert.equal(hot, 5, 'the five clicks around (200, 300) are binned there');
  assert.deepEqual(body.top.map((t) => [t.selector, t.clicks]), [['button#buy', 5], ['a#help', 1]]);
  const points = (body as unknown as { points: { selector: string; docWidth: number }[] }).points;
  assert.equal(points.length, 6);
  assert.ok(points.every((p) => p.docWidth === 1280), 'each point carries the document width it was recorded at');
  const phone = (await (await server.api(`/api/v1/heatmaps/clicks?${q().replace('desktop', 'mobile')}`)).json()) as { totals: { clicks: number } };
  assert.equal(phone.totals.clicks, 1);
});

test('scroll bands give the share of page views reaching each depth', async () => {
  const body = (await (await server.api(`/api/v1/heatmaps/scroll?${q()}`)).json()) as { bands: { depth: number; share: number }[]; pageViews: number };
  const at = (d: number) => body.bands.find((b) => b.depth === d)?.share;
  assert.equal(body.pageViews, 3);
  assert.equal(at(25), 1);
  assert.ok(Math.abs(at(50)! - 2 / 3) < 1e-9);
  assert.ok(Math.abs(at(100)! - 1 / 3) < 1e-9);
});

test('the click PNG has the page size plus its caption strip, and a hot spot where the clicks were', async () => {
  const res = await server.api(`/api/v1/heatmaps/clicks.png?${q()}`);
  assert.equal(res.headers.get('content-type'), 'image/png');
  assert.equal(res.headers.get('x-einblick-background'), 'outline', 'no snapshot of this page was recorded: the neutral outline');
  const png = Buffer.from(await res.arrayBuffer());
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.width, 1280);
  assert.equal(info.height, 2000 + 64);
  const px = (x: number, y: number) => ({ red: data[(y * info.width + x) * 3]!, blue: data[(y * info.width + x) * 3 + 2]! });
  const hot = px(201, 300);
  const cold = px(1100, 400);
  assert.ok(hot.red > 200 && hot.blue < 100, `hot spot is red (${hot.red}, blue ${hot.blue})`);
  assert.ok(cold.red > 200 && cold.blue > 200, 'far away stays page-coloured');
  const scroll = await server.api(`/api/v1/heatmaps/scroll.png?${q()}`);
  assert.equal(scroll.headers.get('x-einblick-background'), 'outline');
  assert.equal((await sharp(Buffer.from(await scroll.arrayBuffer())).metadata()).height, 2064);
});

test('the page as recorded is served to draw over, or a clear 404 when none was', async () => {
  assert.equal((await server.api(`/api/v1/heatmaps/snapshot?${q()}`)).status, 404);
  const snapshot = { type: 2, timestamp: T + 5, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } } };
  const v = { ...visit(5, 0.3, []), events: [{ type: 4, timestamp: T, data: { href: 'x', width: 1280, height: 500 } }, snapshot] };
  assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(v) })).status, 202);
  const body = (await (await server.api(`/api/v1/heatmaps/snapshot?${q()}`)).json()) as { events: { type: number }[]; width: number; session: string };
  assert.deepEqual(body.events.map((e) => e.type), [4, 2]);
  assert.deepEqual(body.events[1], snapshot);
  assert.equal(body.width, 1280);
  assert.equal(body.session, 'heat-session-5');
});

test('heatmaps need the researcher role and a known site', async () => {
  assert.equal((await server.api(`/api/v1/heatmaps/clicks?${q()}`, { token: null })).status, 401);
  assert.equal((await server.api('/api/v1/heatmaps/clicks?site=nope&url=x')).status, 404);
  assert.equal((await server.api('/api/v1/heatmaps/clicks?site=demo')).status, 400);
});
