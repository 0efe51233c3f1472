// An erasure holds against chunks in flight: a new session's first chunk that was
// already scanned, waiting for its commit, when the visitor was erased (privacy desk)
// or revoked (the visitor's browser) is refused once it reaches the commit, and the
// visitor does not come back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, eventually, type TestServer } from '../helpers/server.ts';
import { scanGate } from '../helpers/scan-gate.ts';
import { provenVisitor } from '../helpers/visitor-key.ts';

let server: TestServer;
const gate = scanGate();
const T0 = 1_700_000_000_000;
let n = 0;

before(async () => (server = await startTestServer({ hooks: { scanner: gate.wrap }, limits: { perClient: { perSecond: 1000, burst: 1000 } } })));
after(() => server.close());

const chunk = (visitor: string, session: string, seq: number, extra: Record<string, unknown> = {}) => ({
  site: 'demo',
  visitor,
  session,
  seq,
  events: [{ type: 3, timestamp: T0 + seq * 1000, data: { source: 0, texts: [{ id: 1, value: 'RACE-RECORDED-TEXT' }] } }],
  pages: seq === 0 ? [{ pv: 0, url: 'https://demo.example/', ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }] : [],
  ...extra,
});
const post = (body: unknown) => fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) });
const newSession = () => `race-session-${String(++n).padStart(4, '0')}`;

async function found(by: 'externalId' | 'visitorId', value: string): Promise<number> {
  const res = await server.api(`/api/v1/privacy/lookup?${by}=${encodeURIComponent(value)}`);
  return ((await res.json()) as { visitors: unknown[] }).visitors.length;
}
async function sessionsOf(visitor: string): Promise<number> {
  const res = await server.api('/api/v1/sessions?site=demo&limit=200');
  assert.equal(res.status, 200);
  return ((await res.json()) as { sessions: { visitor: string }[] }).sessions.filter((s) => s.visitor === visitor).length;
}

/** Sends `first` and holds it after its scan; runs `erase` meanwhile; then lets the chunk reach its commit. */
async function raceErasure(first: unknown, erase: () => Promise<Response>) {
  gate.close();
  const inFlight = post(first);
  await eventually('the chunk to be scanned and waiting for its commit', () => gate.held === 1);
  const erasure = await erase();
  gate.open();
  return { erasure, chunk: await inFlight };
}

async function assertGone(visitor: string, email: string, later: () => Promise<Response>) {
  assert.equal(await found('externalId', email), 0, 'privacy/lookup by the identified id finds nothing');
  assert.equal(await found('visitorId', visitor), 0, 'privacy/lookup by visitor id finds nothing');
  assert.equal(await sessionsOf(visitor), 0, 'the sessions list holds nothing of the visitor');
  const again = await later();
  assert.equal(again.status, 410, 'a later chunk of the visitor is refused too');
  assert.equal(await sessionsOf(visitor), 0);
}

test('a privacy-desk erasure wins over a first chunk still in flight, and later chunks are refused', async () => {
  const visitor = 'race-visitor-desk-0001';
  const email = 'desk-race@example.com';
  assert.equal((await post(chunk(visitor, newSession(), 0, { identify: email }))).status, 202);
  assert.equal(await sessionsOf(visitor), 1);
  const racing = newSession();
  const { erasure, chunk: answer } = await raceErasure(chunk(visitor, racing, 0, { identify: email }), () =>
    server.api(`/api/v1/privacy/visitors/${visitor}`, { method: 'DELETE' }),
  );
  assert.equal(erasure.status, 200);
  assert.equal(answer.status, 410);
  assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'visitor_erased');
  await assertGone(visitor, email, () => post(chunk(visitor, newSession(), 0)));
  assert.equal((await post(chunk(visitor, racing, 1))).status, 410);
});

test('a privacy-desk erasure also holds on a site where nothing of the visitor was stored yet', async () => {
  const res = await server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Other', origins: [] }) });
  const other = ((await res.json()) as { key: string }).key;
  const visitor = 'race-visitor-desk-0002';
  assert.equal((await post(chunk(visitor, newSession(), 0))).status, 202);
  const { erasure, chunk: answer } = await raceErasure({ ...chunk(visitor, newSession(), 0), site: other }, () =>
    server.api(`/api/v1/privacy/visitors/${visitor}`, { method: 'DELETE' }),
  );
  assert.equal(erasure.status, 200);
  assert.equal(answer.status, 410);
  assert.equal(await found('visitorId', visitor), 0);
});

test("a revoke from the visitor's browser wins over a first chunk still in flight, and later chunks are refused", async () => {
  const { visitor, proof } = provenVisitor();
  const email = 'revoke-race@example.com';
  const first = newSession();
  assert.equal((await post(chunk(visitor, first, 0, { identify: email }))).status, 202);
  const racing = newSession();
  const { erasure, chunk: answer } = await raceErasure(chunk(visitor, racing, 0, { identify: email }), () =>
    fetch(server.url + '/api/v1/consent/revoke', { method: 'POST', body: JSON.stringify({ site: 'demo', visitor, session: first, proof }) }),
  );
  assert.equal(erasure.status, 202);
  assert.equal(answer.status, 410);
  await assertGone(visitor, email, () => post(chunk(visitor, racing, 1)));
});

test('a revoke before the first chunk was stored still refuses that chunk', async () => {
  const { visitor, proof } = provenVisitor();
  const session = newSession();
  const { erasure, chunk: answer } = await raceErasure(chunk(visitor, session, 0), () =>
    fetch(server.url + '/api/v1/consent/revoke', { method: 'POST', body: JSON.stringify({ site: 'demo', visitor, session, proof }) }),
  );
  assert.equal(erasure.status, 202);
  assert.deepEqual(((await erasure.json()) as { erased: { sessions: number } }).erased.sessions, 0);
  assert.equal(answer.status, 410);
  assert.equal(await found('visitorId', visitor), 0);
  assert.equal(await sessionsOf(visitor), 0);
});
