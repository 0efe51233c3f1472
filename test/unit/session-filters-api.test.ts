// The sessions list's filters, tags and segments over HTTP: what a bad filter answers,
// that the browser comes from the User-Agent header, and that a saved segment gives
// back filters the list takes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { compactBody } from '../helpers/compact-body.ts';

let server: TestServer;
const T0 = Date.UTC(2026, 10, 20);
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

const chunk = (id: string, o: { rage?: boolean; track?: string } = {}) => ({
  site: 'demo', visitor: `visitor-${id}`, session: `session-${id}`, seq: 0,
  events: [
    { type: 3, timestamp: T0, data: {} },
    ...(o.track ? [{ type: 5, timestamp: T0 + 1, data: { tag: 'track', payload: { name: o.track } } }] : []),
  ],
  pages: [{ pv: 0, url: 'https://demo.example/cart', ts: T0, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 2000 }],
  clicks: [{ pv: 0, ts: T0 + 5, x: 1, y: 1, selector: 'button#pay', offsetX: 1, offsetY: 1, ...(o.rage ? { rage: true } : {}) }],
});

const ids = (body: { sessions: { id: string }[] }) => body.sessions.map((s) => s.id).sort();

before(async () => {
  server = await startTestServer();
  const send = async (body: object, ua: string) =>
    assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body), headers: { 'User-Agent': ua } })).status, 202);
  await send(chunk('firefox-rage', { rage: true }), FIREFOX);
  await send(chunk('safari-track', { track: 'coupon-failed' }), SAFARI_IOS);
});
after(() => server.close());

test('browser and OS come from the User-Agent header, as family and major version only', async () => {
  const res = await server.api('/api/v1/sessions/session-safari-track');
  const detail = (await res.json()) as { browser: string; os: string; tracked: string[] };
  assert.equal(detail.browser, 'Safari 18');
  assert.equal(detail.os, 'iOS 18');
  assert.deepEqual(detail.tracked, ['coupon-failed'], 'a custom track event in a JSON body is a tracked name');
  const list = (await (await server.api('/api/v1/sessions?site=demo&browser=Firefox')).json()) as { sessions: { id: string; browser: string; os: string }[] };
  assert.deepEqual(list.sessions.map((s) => [s.id, s.browser, s.os]), [['session-firefox-rage', 'Firefox 133', 'Linux']]);
});

test('filters over HTTP: rage, event, clicked with url, tag', async () => {
  const get = async (q: string) => ids((await (await server.api(`/api/v1/sessions?site=demo&${q}`)).json()) as { sessions: { id: string }[] });
  assert.deepEqual(await get('rage=1'), ['session-firefox-rage']);
  assert.deepEqual(await get('event=coupon-failed'), ['session-safari-track']);
  assert.deepEqual(await get('clicked=button%23pay&url=/cart'), ['session-firefox-rage', 'session-safari-track']);
  assert.deepEqual(await get('clicked=button%23pay&url=/home'), []);
  const put = await server.api('/api/v1/sessions/session-safari-track/tags', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tags: ['coupon bug', 'vip'] }) });
  assert.equal(put.status, 200);
  assert.deepEqual(await put.json(), { tags: ['coupon bug', 'vip'] });
  assert.deepEqual(await get('tag=vip'), ['session-safari-track']);
  assert.deepEqual(await (await server.api('/api/v1/tags?site=demo')).json(), { tags: [{ tag: 'coupon bug', sessions: 1 }, { tag: 'vip', sessions: 1 }] });
});

test("the recorder's compact chunks carry tracked names in their header", async () => {
  const events = [{ type: 3, timestamp: T0, data: {} }];
  const header = { site: 'demo', visitor: 'visitor-compact', session: 'session-compact', seq: 0, pages: [], clicks: [], scroll: [], tracks: ['wishlist-added'], eventCount: 1, firstTs: T0, lastTs: T0, fullSnapshot: false };
  assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: new Uint8Array(compactBody(header, events)) })).status, 202);
  const list = (await (await server.api('/api/v1/sessions?site=demo&event=wishlist-added')).json()) as { sessions: { id: string }[] };
  assert.deepEqual(ids(list), ['session-compact']);
});

test('bad filters, tags and segments answer 400 with what was wrong', async () => {
  for (const q of ['rage=yes', 'sort=pages', 'maxDuration=-1', 'browser=%3Cscript%3E', 'tag=' + 'x'.repeat(41), 'clicked=', 'identified=0']) {
    const res = await server.api(`/api/v1/sessions?site=demo&${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_query', q);
  }
  const first = (await (await server.api('/api/v1/sessions?site=demo&limit=1&sort=-duration')).json()) as { nextCursor: string };
  const mixed = await server.api(`/api/v1/sessions?site=demo&limit=1&sort=clicks&cursor=${first.nextCursor}`);
  assert.equal(mixed.status, 400, 'a cursor pages on only under its own sort');
  const tags = (body: unknown) => server.api('/api/v1/sessions/session-safari-track/tags', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await tags({ tags: ['<b>'] })).status, 400);
  assert.equal((await tags({ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).status, 400);
  assert.equal((await server.api('/api/v1/sessions/no-such-session/tags', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"tags":[]}' })).status, 404);
  const segment = (body: unknown) => server.api('/api/v1/segments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal((await segment({ site: 'demo', name: 'x', filters: { rage: 'yes' } })).status, 400);
  assert.equal((await segment({ site: 'demo', name: 'x', filters: { scoreMax: 6 } })).status, 400, 'scoreMax needs survey, as in the list');
  assert.equal((await segment({ site: 'nope', name: 'x', filters: {} })).status, 404);
});

test('a saved segment gives back filters the list takes, with the same result', async () => {
  const made = await server.api('/api/v1/segments', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'demo', name: 'Raging on Firefox', filters: { rage: '1', browser: 'Firefox', sort: '-duration' } }) });
  assert.equal(made.status, 201);
  const { id } = (await made.json()) as { id: number };
  const { segments } = (await (await server.api('/api/v1/segments?site=demo')).json()) as { segments: { id: number; name: string; filters: Record<string, unknown> }[] };
  const saved = segments.find((s) => s.id === id)!;
  assert.equal(saved.name, 'Raging on Firefox');
  const q = new URLSearchParams(Object.entries(saved.filters).map(([k, v]) => [k, v === true ? '1' : String(v)]));
  assert.deepEqual(ids((await (await server.api(`/api/v1/sessions?site=demo&${q}`)).json()) as { sessions: { id: string }[] }), ['session-firefox-rage']);
});

test('tags and tracked names are exported with the visitor and erased with the session', async () => {
  const exported = await (await server.api('/api/v1/privacy/visitors/visitor-safari-track/export')).text();
  assert.match(exported, /"tags":\["coupon bug","vip"\]/);
  assert.match(exported, /"tracked":\["coupon-failed"\]/);
  assert.equal((await server.api('/api/v1/sessions/session-safari-track', { method: 'DELETE' })).status, 200);
  assert.deepEqual(await (await server.api('/api/v1/tags?site=demo')).json(), { tags: [] });
});
