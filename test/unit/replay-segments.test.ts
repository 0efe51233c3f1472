// GET /sessions/:id/events?from= against a real server: the segment from the nearest
// full snapshot before a moment to the next one, Meta event first, with its bounds in
// headers; segments followed one after another give back the whole stream.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.ts';
import { storeSyntheticSession, type SyntheticSession } from '../helpers/synthetic-session.ts';

let server: TestServer;
let session: SyntheticSession;
let split: SyntheticSession;

type Ev = { type: number; timestamp: number };

before(async () => {
  server = await startTestServer();
  session = await storeSyntheticSession(server.store, 'demo', { id: 'seg-plain', minutes: 10, checkoutEveryMin: 3, products: 30 });
  // The second and third checkouts' Meta events end the chunk before their snapshot.
  split = await storeSyntheticSession(server.store, 'demo', { id: 'seg-split', minutes: 10, checkoutEveryMin: 3, products: 30, metaInPreviousChunk: [1, 2] });
});
after(() => server.close());

async function events(id: string, from?: number, until?: number): Promise<{ events: Ev[]; start: number | null; end: number | null; until: number | null }> {
  const res = await server.api(`/api/v1/sessions/${id}/events${from === undefined ? '' : `?from=${from}`}${until === undefined ? '' : `&until=${until}`}`);
  assert.equal(res.status, 200);
  const num = (h: string) => (res.headers.get(h) === null ? null : Number(res.headers.get(h)));
  return { events: (await res.json()) as Ev[], start: num('einblick-segment-start'), end: num('einblick-segment-end'), until: num('einblick-segment-until') };
}

for (const which of ['plain', 'split'] as const) {
  test(`segments start at a checkout's Meta event and, followed one by one, add up to the whole stream (${which})`, async () => {
    const s = which === 'plain' ? session : split;
    assert.equal(s.checkouts.length, 4);
    const whole = (await events(s.id)).events;
    const joined: Ev[] = [];
    const starts: number[] = [];
    for (let from: number | null = s.startedAt; from !== null && starts.length < 10; ) {
      const seg = await events(s.id, from);
      assert.equal(seg.events[0]?.type, 4, 'a segment opens with its Meta event');
      assert.equal(seg.events[1]?.type, 2, 'then the full snapshot');
      assert.equal(seg.start, seg.events[0]?.timestamp);
      assert.ok(seg.events.every((e) => e.timestamp >= seg.start! && (seg.end === null || e.timestamp < seg.end)), 'all events inside the bounds');
      starts.push(seg.start!);
      joined.push(...seg.events);
      assert.ok(seg.end === null || seg.end > seg.start!, 'the next segment begins later');
      from = seg.end;
    }
    assert.deepEqual(starts, s.checkouts);
    assert.deepEqual(joined, whole);
  });
}

for (const which of ['plain', 'split'] as const) {
  test(`a segment's head (until) is its snapshot and the chunks begun by then, the start of the whole segment (${which})`, async () => {
    const s = which === 'plain' ? session : split;
    for (const checkout of s.checkouts.slice(0, 3)) {
      const whole = await events(s.id, checkout);
      for (const until of [0, checkout + 12_000]) {
        const head = await events(s.id, checkout, until);
        assert.deepEqual([head.events[0]?.type, head.events[1]?.type], [4, 2], 'Meta event and full snapshot first');
        assert.deepEqual([head.start, head.end], [whole.start, whole.end], 'the bounds are the whole segment’s');
        assert.ok(head.events.length < whole.events.length / 5, `${head.events.length} of ${whole.events.length} events`);
        assert.deepEqual(head.events, whole.events.slice(0, head.events.length), 'a prefix of the segment');
        assert.equal(head.until, whole.events[head.events.length]!.timestamp, 'Until is where the rest begins');
        assert.ok(head.events.at(-1)!.timestamp < head.until!);
        if (until > 0) assert.ok(head.events.at(-1)!.timestamp >= until - 5000, 'the chunks begun by until are in');
      }
    }
    const last = s.checkouts.at(-1)!;
    const tail = await events(s.id, last, s.endedAt);
    assert.equal(tail.until, null, 'nothing left out: no Until');
    assert.deepEqual(tail.events, (await events(s.id, last)).events);
  });
}

test('until needs from', async () => {
  const res = await server.api(`/api/v1/sessions/${session.id}/events?until=5`);
  assert.equal(res.status, 400);
});

test('a moment inside a segment gets the segment of the last checkout at or before it', async () => {
  const [, second, third] = session.checkouts;
  assert.equal((await events(session.id, second! + 60_000)).start, second);
  assert.equal((await events(session.id, third!)).start, third);
  assert.equal((await events(session.id, third! - 1)).start, second, 'one ms before a checkout is still the segment before');
  const last = await events(session.id, session.endedAt + 3_600_000);
  assert.equal(last.start, session.checkouts.at(-1));
  assert.equal(last.end, null, 'the last segment runs to the end');
  assert.equal((await events(session.id, 0)).start, session.startedAt, 'before the first snapshot: the first segment');
});

test('a session without a full snapshot streams everything, with no segment bounds', async () => {
  const t = Date.now();
  await fetch(server.url + '/api/v1/ingest', {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', visitor: 'v-nosnap', session: 'seg-nosnap', seq: 0, events: [{ type: 3, timestamp: t, data: { source: 1, positions: [] } }, { type: 3, timestamp: t + 5, data: { source: 1, positions: [] } }] }),
  });
  const seg = await events('seg-nosnap', t);
  assert.equal(seg.events.length, 2);
  assert.equal(seg.start, null);
});

test('from must be a time in epoch milliseconds', async () => {
  const res = await server.api(`/api/v1/sessions/${session.id}/events?from=soon`);
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_query');
});

test('a segment goes out brotli- or gzip-compressed to clients that take it, plain to others, holding the same events', async () => {
  const plain = await rawEvents(session.id, session.startedAt, 'identity');
  assert.equal(plain.encoding, undefined);
  const events = JSON.parse(plain.body.toString('utf8')) as Ev[];
  assert.ok(events.length > 100);
  for (const [accept, encoding, inflate] of [['gzip, deflate', 'gzip', gunzipSync], ['gzip, deflate, br', 'br', brotliDecompressSync]] as const) {
    const res = await rawEvents(session.id, session.startedAt, accept);
    assert.equal(res.encoding, encoding);
    assert.equal(res.vary, 'Accept-Encoding');
    assert.ok(res.body.length * 4 < plain.body.length, `${encoding}: ${res.body.length} of ${plain.body.length} bytes`);
    assert.deepEqual(JSON.parse(inflate(res.body).toString('utf8')), events);
  }
});

/** The events response as sent (fetch would decompress it). */
function rawEvents(id: string, from: number, acceptEncoding: string): Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${server.url}/api/v1/sessions/${id}/events?from=${from}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'accept-encoding': acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(parts) }));
    })
      .on('error', reject)
      .end();
  });
}
