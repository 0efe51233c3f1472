// The second line of masking at the HTTP edge: personal data that slipped past the
// browser is masked before the chunk is stored, the replay still plays, and the
// catch is counted where a site owner can see it (without the caught text).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { compactBody } from '../helpers/compact-body.ts';
import { storedText } from '../helpers/stored-bytes.ts';
import { maskText } from '../../server/pii/detect.ts';
import type { LeakList } from '../../contract/schemas/index.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

const ORIGIN = 'https://shop.example';
const T0 = 1_700_000_000_000;
const EMAIL = 'alice.leak@example.com';
const CARD = '4111 1111 1111 1111';
const LUHN_VALID = 4111111111111111;

/** A visit to the checkout whose note leaks an email and a card number, as rrweb records it. */
function leakyEvents(email = EMAIL): unknown[] {
  const el = (tagName: string, attributes: object, childNodes: unknown[], id: number) => ({ type: 2, tagName, attributes, childNodes, id });
  return [
    { type: 4, data: { href: `${ORIGIN}/checkout?step=2`, width: 1280, height: 720 }, timestamp: T0 },
    { type: 2, data: { node: { type: 0, childNodes: [el('html', {}, [el('body', {}, [el('p', { class: 'order-note' }, [{ type: 3, textContent: `Deliver to ${email}, paid with ${CARD}`, id: 5 }], 4)], 3)], 2)], id: 1 }, initialOffset: { left: 0, top: 0 } }, timestamp: T0 + 10 },
    // A node id that passes Luhn: structure, not personal data.
    { type: 3, data: { source: 2, type: 2, id: LUHN_VALID, x: 10, y: 20 }, timestamp: T0 + 20 },
  ];
}

const masked = (events: unknown[]) => JSON.parse(JSON.stringify(events).replace(EMAIL, maskText(EMAIL)).replace(CARD, maskText(CARD))) as unknown[];

let server: TestServer;
let site: string;
let n = 0;

const header = (session: string) => ({
  site,
  visitor: 'visitor-leaky',
  session,
  seq: 0,
  pages: [{ pv: 0, url: `${ORIGIN}/checkout?step=2`, ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }],
  clicks: [],
  scroll: [],
  eventCount: 3,
  firstTs: T0,
  lastTs: T0 + 20,
  fullSnapshot: true,
});

const post = (body: Uint8Array | string) => fetch(server.url + '/api/v1/ingest', { method: 'POST', body: body as BodyInit, headers: { 'Content-Type': 'text/plain', Origin: ORIGIN } });
const leaks = async (token?: string) => (await (await server.api(`/api/v1/privacy/leaks?site=${site}`, token ? { token } : {})).json()) as LeakList;
const replay = async (session: string) => (await (await server.api(`/api/v1/sessions/${session}/events`)).json()) as unknown[];

before(async () => {
  server = await startTestServer({ limits: { perClient: { perSecond: 1000, burst: 1000 } } });
  const res = await server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Shop', origins: [ORIGIN] }) });
  site = ((await res.json()) as { key: string }).key;
});
after(() => server.close());

describe('a chunk whose text leaks an email and a card number', () => {
  const session = `leaky-session-${++n}`;
  let body: Buffer;

  test('is stored without them, in the compact format', async () => {
    body = compactBody(header(session), leakyEvents());
    assert.equal((await post(body)).status, 202);
    const stored = storedText(server);
    assert.ok(!stored.includes(EMAIL), 'the email is not in the database');
    assert.ok(!stored.includes(CARD), 'the card number is not in the database');
  });

  test('still replays, masked where the text leaked and unchanged everywhere else', async () => {
    assert.deepEqual(await replay(session), masked(leakyEvents()));
  });

  test('is counted per page, kind and element, without the caught text', async () => {
    const list = await leaks();
    assert.equal(list.scanning, true);
    const rows = list.leaks.map(({ page, kind, element, field, catches }) => ({ page, kind, element, field, catches }));
    assert.deepEqual(rows.sort((a, b) => a.kind.localeCompare(b.kind)), [
      { page: `${ORIGIN}/checkout`, kind: 'card', element: 'p.order-note', field: 'text', catches: 1 },
      { page: `${ORIGIN}/checkout`, kind: 'email', element: 'p.order-note', field: 'text', catches: 1 },
    ]);
    assert.ok(!JSON.stringify(sqliteDb(server.store).prepare('SELECT * FROM privacy_leaks').all()).includes('alice'));
  });

  test('sent again, is a duplicate and is not counted twice', async () => {
    const res = await post(body);
    assert.equal(res.status, 202);
    assert.equal(((await res.json()) as { duplicate: boolean }).duplicate, true);
    assert.deepEqual((await leaks()).leaks.map((l) => l.catches), [1, 1]);
  });

  test('sent again with other content under the same seq, is still a conflict', async () => {
    assert.equal((await post(compactBody(header(session), leakyEvents('bob.other@example.com')))).status, 409);
  });
});

test('the contract JSON format is masked the same way', async () => {
  const { eventCount: _c, firstTs: _f, lastTs: _l, fullSnapshot: _s, ...facts } = header(`leaky-session-${++n}`);
  assert.equal((await post(gzipSync(JSON.stringify({ ...facts, events: leakyEvents() })))).status, 202);
  assert.deepEqual(await replay(facts.session), masked(leakyEvents()));
  assert.ok(!storedText(server).includes(EMAIL));
  assert.deepEqual((await leaks()).leaks.map((l) => l.catches), [2, 2]);
});

/** Random, so the blob does not compress below the worker threshold; without digits, so no run of them can pass the Luhn check by chance. */
const noiseClass = () => randomBytes(8).toString('hex').replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!);

test('a large chunk in the contract JSON format (its text scanned in a worker, then compressed there) is stored masked; a clean one replays as sent', async () => {
  const noise = Array.from({ length: 3000 }, (_, i) => ({ type: 3, data: { source: 0, texts: [], attributes: [{ id: i, attributes: { class: noiseClass() } }], removes: [], adds: [] }, timestamp: T0 + 20 }));
  const { eventCount: _c, firstTs: _f, lastTs: _l, fullSnapshot: _s, ...facts } = header(`large-json-session-${++n}`);
  const events = [...leakyEvents(), ...noise];
  assert.ok(JSON.stringify(events).length > 64 * 1024, 'too big to be scanned on the event loop');
  assert.equal((await post(gzipSync(JSON.stringify({ ...facts, events })))).status, 202);
  assert.deepEqual(await replay(facts.session), masked(events));
  assert.ok(!storedText(server).includes(EMAIL));
  const clean = { ...facts, session: `large-clean-json-session-${++n}`, events: noise };
  assert.equal((await post(JSON.stringify(clean))).status, 202);
  assert.deepEqual(await replay(clean.session), noise);
});

test('a large chunk, scanned in a worker thread, is stored masked too', async () => {
  const session = `large-leaky-session-${++n}`;
  const noise = Array.from({ length: 3000 }, (_, i) => ({ type: 3, data: { source: 0, texts: [], attributes: [{ id: i, attributes: { class: noiseClass() } }], removes: [], adds: [] }, timestamp: T0 + 20 }));
  const events = [...leakyEvents(), ...noise];
  const blob = gzipSync(JSON.stringify(events));
  assert.ok(blob.length > 8 * 1024, 'too big to be scanned on the event loop');
  assert.equal((await post(compactBody({ ...header(session), eventCount: events.length }, blob))).status, 202);
  assert.deepEqual(await replay(session), masked(events));
});

test('a small gzip of a long text (scanned in a worker, not on the event loop) is stored masked; a trailer that lies about its length is refused', async () => {
  const repeat = Array.from({ length: 2000 }, (_, i) => ({ type: 3, data: { source: 0, texts: [], attributes: [{ id: 7, attributes: { class: 'row' } }], removes: [], adds: [] }, timestamp: T0 + 20 + (i % 2) }));
  const events = [...leakyEvents(), ...repeat];
  const blob = gzipSync(JSON.stringify(events));
  assert.ok(blob.length < 8 * 1024 && JSON.stringify(events).length > 64 * 1024);
  const session = `compressible-session-${++n}`;
  assert.equal((await post(compactBody({ ...header(session), eventCount: events.length }, blob))).status, 202);
  assert.deepEqual(await replay(session), masked(events));
  const lying = Buffer.from(blob);
  lying.writeUInt32LE(100, lying.length - 4);
  const res = await post(compactBody({ ...header(`lying-session-${++n}`), eventCount: events.length }, lying));
  assert.equal(res.status, 400);
});

test('a chunk with nothing personal is stored byte for byte as it came', async () => {
  const session = `clean-session-${++n}`;
  const events = gzipSync(JSON.stringify([{ type: 3, data: { source: 2, type: 2, id: LUHN_VALID, x: 1, y: 2 }, timestamp: T0 }, { type: 3, data: { source: 0, texts: [{ id: 5, value: 'Order 0012345678' }] }, timestamp: T0 + 1 }]));
  assert.equal((await post(compactBody({ ...header(session), eventCount: 2 }, events))).status, 202);
  const row = sqliteDb(server.store).prepare('SELECT data FROM chunks WHERE session_id = ?').get(session) as { data: Buffer };
  assert.ok(row.data.equals(events));
});

test('a compact chunk whose events are not valid gzip is refused, as it cannot be checked', async () => {
  const events = gzipSync(JSON.stringify(leakyEvents())).subarray(0, 60);
  const res = await post(compactBody(header(`broken-session-${++n}`), events));
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_gzip');
});

test('the leaks report is for the privacy desk: a researcher gets 403, an unknown site 404', async () => {
  const res = await server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'researcher', label: 'r' }) });
  const researcher = ((await res.json()) as { token: string }).token;
  assert.equal((await server.api(`/api/v1/privacy/leaks?site=${site}`, { token: researcher })).status, 403);
  assert.equal((await server.api('/api/v1/privacy/leaks?site=nope')).status, 404);
});

test('with the scan switched off, chunks are stored as sent and the report says so', async () => {
  const off = await startTestServer({ piiScan: { enabled: false } });
  try {
    const body = { site: 'demo', visitor: 'visitor-unscanned', session: 'unscanned-session', seq: 0, events: leakyEvents() };
    assert.equal((await fetch(off.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) })).status, 202);
    assert.ok(storedText(off).includes(EMAIL));
    const list = (await (await off.api('/api/v1/privacy/leaks?site=demo')).json()) as LeakList;
    assert.deepEqual([list.scanning, list.leaks], [false, []]);
  } finally {
    await off.close();
  }
});
