// The ingest endpoint against a real server: what it accepts, what it refuses, and
// that a refusal stores nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { compactBody } from '../helpers/compact-body.ts';
import { provenVisitor } from '../helpers/visitor-key.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

const ORIGIN = 'https://shop.example';
let server: TestServer;
let site: string;

before(async () => {
  server = await startTestServer({ limits: { bodyBytes: 64 * 1024, inflatedBytes: 512 * 1024, perClient: { perSecond: 1000, burst: 1000 } } });
  const res = await server.api('/api/v1/sites', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Shop', origins: [ORIGIN] }),
  });
  site = ((await res.json()) as { key: string }).key;
});
after(() => server.close());

const T0 = 1_700_000_000_000;
let n = 0;
const chunk = (over: Record<string, unknown> = {}) => ({
  site,
  visitor: 'visitor-0001',
  session: `session-${String(++n).padStart(4, '0')}`,
  seq: 0,
  events: [
    { type: 4, timestamp: T0, data: { href: 'https://shop.example/', width: 1280, height: 720 } },
    { type: 3, timestamp: T0 + 1500, data: { source: 2, type: 2, id: 5, x: 10, y: 20 } },
  ],
  pages: [{ pv: 0, url: 'https://shop.example/', ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 3000 }],
  clicks: [{ pv: 0, ts: T0 + 1500, x: 10, y: 20, selector: 'button#buy', offsetX: 50, offsetY: 50 }],
  ...over,
});

const post = (body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(server.url + '/api/v1/ingest', { method: 'POST', body: body as BodyInit, headers: { 'Content-Type': 'text/plain', Origin: ORIGIN, ...headers } });

const countChunks = () => (sqliteDb(server.store).prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;

describe('accepted chunks', () => {
  test('a gzip chunk is stored and acknowledged with 202, derived facts included', async () => {
    const c = chunk();
    const res = await post(gzipSync(JSON.stringify(c)));
    assert.equal(res.status, 202);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const detail = (await server.store.sessions.sessionDetail(c.session))!;
    assert.equal(detail.duration, 1500);
    assert.equal(detail.pages, 1);
    assert.equal(detail.clickList[0]?.selector, 'button#buy');
    assert.equal(detail.device, 'desktop');
  });

  test('the compact format is stored with its facts, and its events replay', async () => {
    const { events, ...facts } = chunk();
    const header = { ...facts, eventCount: 2, firstTs: T0, lastTs: T0 + 1500, fullSnapshot: false };
    const res = await post(compactBody(header, events as unknown[]));
    assert.equal(res.status, 202);
    const detail = (await server.store.sessions.sessionDetail(facts.session as string))!;
    assert.equal(detail.duration, 1500);
    assert.equal(detail.clickList.length, 1);
    const replay = (await (await server.api(`/api/v1/sessions/${facts.session}/events`)).json()) as unknown[];
    assert.deepEqual(replay, events);
    assert.equal((await post(compactBody(header, events as unknown[]))).status, 202, 'a retry of the same body is a duplicate');
  });

  test('the first compact version, with a plain header, is still taken', async () => {
    const { events, ...facts } = chunk();
    const res = await post(compactBody({ ...facts, eventCount: 2, firstTs: T0, lastTs: T0 + 1500, fullSnapshot: false }, events as unknown[], 1));
    assert.equal(res.status, 202);
    assert.equal((await server.store.sessions.sessionDetail(facts.session as string))!.clickList[0]?.selector, 'button#buy');
    const replay = (await (await server.api(`/api/v1/sessions/${facts.session}/events`)).json()) as unknown[];
    assert.deepEqual(replay, events);
  });

  test('a forged compact chunk whose events are not a JSON array is refused, and the replay holds the good chunk', async () => {
    const { events, ...facts } = chunk();
    await post(JSON.stringify({ ...facts, events }));
    const forged = compactBody({ ...facts, seq: 1, eventCount: 1, firstTs: T0, lastTs: T0, fullSnapshot: false }, gzipSync('{"not": "an array"}, {"x": 1'));
    const refused = await post(forged);
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'invalid_chunk');
    const res = await server.api(`/api/v1/sessions/${facts.session}/events`);
    assert.deepEqual(await res.json(), events, 'the response is still valid JSON with only the good chunk');
  });

  test('plain JSON works too', async () => {
    assert.equal((await post(JSON.stringify(chunk()))).status, 202);
  });

  test('a repeated (session, seq) with the same content is a 202 and stores nothing twice', async () => {
    const body = JSON.stringify(chunk());
    assert.equal((await post(body)).status, 202);
    const before = countChunks();
    const again = await post(gzipSync(body));
    assert.equal(again.status, 202);
    assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);
    assert.equal(countChunks(), before);
  });

  test('a repeated seq with different content is a 409 and the first is kept', async () => {
    const c = chunk();
    assert.equal((await post(JSON.stringify(c))).status, 202);
    const res = await post(JSON.stringify({ ...c, events: [{ type: 3, timestamp: T0, data: {} }] }));
    assert.equal(res.status, 409);
    assert.equal((await server.store.sessions.sessionDetail(c.session))!.duration, 1500);
  });

  test('chunks arriving out of order are streamed back in seq order', async () => {
    const c = chunk();
    await post(JSON.stringify({ ...c, seq: 1, events: [{ type: 3, timestamp: T0 + 10, data: { n: 'second' } }] }));
    await post(JSON.stringify({ ...c, seq: 0, events: [{ type: 3, timestamp: T0, data: { n: 'first' } }] }));
    const res = await server.api(`/api/v1/sessions/${c.session}/events`);
    const events = (await res.json()) as { data: { n: string } }[];
    assert.deepEqual(events.map((e) => e.data.n), ['first', 'second']);
  });

  test('a missing seq is reported as a gap', async () => {
    const c = chunk();
    await post(JSON.stringify({ ...c, seq: 0 }));
    await post(JSON.stringify({ ...c, seq: 2 }));
    assert.deepEqual((await server.store.sessions.sessionSummary(c.session))!.gaps, [1]);
  });

  test('the raw id given to identify() is not stored, only its keyed hash', async () => {
    const c = chunk({ identify: 'customer-RAW-4711' });
    assert.equal((await post(JSON.stringify(c))).status, 202);
    const row = sqliteDb(server.store).prepare('SELECT external_hash FROM visitors WHERE id = ?').get(c.visitor) as { external_hash: string };
    assert.match(row.external_hash, /^[0-9a-f]{64}$/);
    const dump = sqliteDb(server.store).prepare("SELECT group_concat(quote(data)) AS d FROM chunks").get() as { d: string };
    assert.ok(!dump.d.includes('RAW-4711'));
  });
});

describe('revoke', () => {
  test('erases the visitor, and later chunks of the session get 410', async () => {
    const { visitor, proof } = provenVisitor();
    const c = chunk({ visitor });
    assert.equal((await post(JSON.stringify(c))).status, 202);
    const res = await fetch(server.url + '/api/v1/consent/revoke', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: ORIGIN },
      body: JSON.stringify({ site, visitor: c.visitor, session: c.session, proof }),
    });
    assert.equal(res.status, 202);
    assert.equal(await server.store.sessions.sessionSummary(c.session), null);
    assert.equal((await post(JSON.stringify({ ...c, seq: 1 }))).status, 410);
    assert.equal(await server.store.sessions.sessionSummary(c.session), null, 'nothing is resurrected');
  });
});

describe('the read API needs a token with the right role', () => {
  test('no token: 401; privacy token on researcher data: 403; researcher: 200', async () => {
    assert.equal((await server.api('/api/v1/sessions', { token: null })).status, 401);
    const make = async (role: string) => {
      const res = await server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role, label: role }) });
      return ((await res.json()) as { token: string }).token;
    };
    assert.equal((await server.api('/api/v1/sessions', { token: await make('privacy') })).status, 403);
    const researcher = await make('researcher');
    assert.equal((await server.api('/api/v1/sessions', { token: researcher })).status, 200);
    assert.equal((await server.api('/api/v1/tokens', { token: researcher, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, 403);
  });
});

describe('rate limits', () => {
  test('a client over its limit gets 429 with Retry-After, and nothing is stored', async () => {
    const limited = await startTestServer({ limits: { perClient: { perSecond: 0.5, burst: 2 } } });
    try {
      const send = () => fetch(limited.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(chunk({ site: 'demo' })) });
      assert.equal((await send()).status, 202);
      assert.equal((await send()).status, 202);
      const refused = await send();
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '2');
      assert.equal(refused.headers.get('access-control-expose-headers'), 'Retry-After');
      assert.equal((sqliteDb(limited.store).prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n, 2);
    } finally {
      await limited.close();
    }
  });
});

describe('a full disk', () => {
  test('ingest answers 503 with Retry-After and stores nothing, then recovers when space returns', async () => {
    const full = await startTestServer();
    try {
      const db = sqliteDb(full.store);
      const send = (seq: number) => fetch(full.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(chunk({ site: 'demo', session: 'disk-full-session', seq })) });
      assert.equal((await send(0)).status, 202);
      // SQLite's own page limit stands in for the disk: writes past it fail with SQLITE_FULL.
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      let refused: Response | undefined;
      for (let seq = 1; seq < 200 && !refused; seq++) {
        const res = await send(seq);
        if (res.status !== 202) refused = res;
      }
      assert.equal(refused?.status, 503);
      assert.equal(refused?.headers.get('retry-after'), '10');
      assert.equal(((await refused!.json()) as { error: { code: string } }).error.code, 'storage_unavailable');
      const storedBefore = await full.store.sessions.chunkSeqs('disk-full-session');
      db.pragma('max_page_count = 1073741823');
      const retried = await send(storedBefore.length);
      assert.equal(retried.status, 202, 'it recovers once there is room again');
      assert.deepEqual(await full.store.sessions.chunkSeqs('disk-full-session'), [...storedBefore, storedBefore.length], 'no half-stored chunk was left behind');
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await full.close();
    }
  });
});

describe('the viewer cookie', () => {
  test('signs in, works for reads, and cannot be ridden by another site (CSRF)', async () => {
    const login = await fetch(server.url + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url }, body: JSON.stringify({ token: 'test-admin-token-0123456789' }) });
    assert.equal(login.status, 204);
    const setCookie = login.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;
    // What a browser says about the viewer's own fetch() (server/http/fetch-metadata.ts).
    const fromViewer = { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' };
    assert.equal((await fetch(server.url + '/api/v1/sessions', { headers: { Cookie: cookie, ...fromViewer } })).status, 200);
    const c = chunk();
    await post(JSON.stringify(c));
    const forged = await fetch(server.url + `/api/v1/sessions/${c.session}`, { method: 'DELETE', headers: { Cookie: cookie, Origin: 'https://evil.example' } });
    assert.equal(forged.status, 403);
    assert.ok(await server.store.sessions.sessionSummary(c.session), 'the session is still there');
    const logout = await fetch(server.url + '/api/v1/auth/logout', { method: 'POST', headers: { Cookie: cookie, Origin: server.url } });
    assert.equal(logout.status, 204);
    assert.equal((await fetch(server.url + '/api/v1/sessions', { headers: { Cookie: cookie, ...fromViewer } })).status, 401, 'the cookie is dead after sign-out');
  });
});

describe('session list dates', () => {
  test('a date-only `to` covers that whole day; `from` takes dates, date-times and epoch ms', async () => {
    const c = chunk({ visitor: 'visitor-dates' });
    await post(JSON.stringify(c));
    const day = new Date(T0).toISOString().slice(0, 10);
    const next = new Date(T0 + 86_400_000).toISOString().slice(0, 10);
    const ids = async (query: string) => ((await (await server.api(`/api/v1/sessions?limit=200&${query}`)).json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id);
    assert.ok((await ids(`to=${day}`)).includes(c.session as string));
    assert.ok(!(await ids(`from=${next}`)).includes(c.session as string));
    assert.ok((await ids(`from=${new Date(T0 - 1000).toISOString()}`)).includes(c.session as string));
    assert.ok(!(await ids(`from=${T0 + 60_000}`)).includes(c.session as string));
  });
});
