// How chunks reach the server: one at a time and in order, retried as the server asks
// (Retry-After) or with backoff, never when a retry cannot help, and handed to the
// browser with keepalive when the page goes away. Timers are injected: no real waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createSender, MAX_QUEUED_CHUNKS, type Answer } from '../../recorder/transport/sender.ts';
import { retryDelay } from '../../recorder/transport/retry.ts';
import type { OutgoingChunk } from '../../recorder/transport/wire.ts';

const chunk = (seq: number, full = false): OutgoingChunk => ({ session: 'session-0001', seq, json: `{"seq":${seq}}`, events: 10, full, gz: new TextEncoder().encode(`gz${seq}`) as Uint8Array<ArrayBuffer>, attempts: 0 });
const textOf = (body: string | Uint8Array) => (typeof body === 'string' ? body : body[0] === 0x1f ? gunzipSync(body).toString() : new TextDecoder().decode(body));
const seqOf = (body: string | Uint8Array) => Number(/\d+/.exec(textOf(body))![0]);
const settle = () => new Promise((r) => setImmediate(r));

function setup(answer: (seq: number, attempt: number) => number | 'network') {
  const posts: { seq: number; keepalive: boolean }[] = [];
  const timers: { run: () => void; ms: number }[] = [];
  const removed: number[] = [];
  let gone = 0;
  let dropped = 0;
  const attempts = new Map<number, number>();
  const sender = createSender({
    async post(body, keepalive) {
      const seq = seqOf(body);
      posts.push({ seq, keepalive });
      const attempt = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, attempt);
      const status = answer(seq, attempt);
      if (status === 'network') throw new TypeError('Failed to fetch');
      return { status, headers: { get: (name: string) => (name === 'Retry-After' && status === 503 ? '2' : null) } } satisfies Answer;
    },
    outbox: { put() {}, remove: (_s, seq) => void removed.push(seq), pending: async () => [], close() {} },
    onGone: () => gone++,
    onDropped: (n) => (dropped += n),
    setTimer: (run, ms) => timers.push({ run, ms }),
    clearTimer() {},
    random: () => 0,
  });
  return { sender, posts, timers, removed, gone: () => gone, dropped: () => dropped };
}

test('chunks go one at a time, in order, and leave the outbox once stored', async () => {
  const { sender, posts, removed } = setup(() => 200);
  sender.enqueue([chunk(0), chunk(1), chunk(2)]);
  assert.equal(posts.length, 1, 'one request in flight at a time');
  await settle();
  assert.deepEqual(posts.map((p) => p.seq), [0, 1, 2]);
  assert.deepEqual(removed, [0, 1, 2]);
});

test('503 waits as Retry-After says and the same chunk goes again before the next', async () => {
  const { sender, posts, timers, removed } = setup((seq, attempt) => (seq === 0 && attempt === 1 ? 503 : 200));
  sender.enqueue([chunk(0), chunk(1)]);
  await settle();
  assert.deepEqual(posts.map((p) => p.seq), [0]);
  assert.deepEqual(timers.map((t) => t.ms), [2000], 'Retry-After: 2');
  assert.deepEqual(removed, [], 'not acknowledged yet');
  timers[0]!.run();
  await settle();
  assert.deepEqual(posts.map((p) => p.seq), [0, 0, 1]);
  assert.deepEqual(removed, [0, 1]);
});

test('network errors back off exponentially up to a minute', async () => {
  const { sender, timers } = setup((_seq, attempt) => (attempt <= 8 ? 'network' : 200));
  sender.enqueue([chunk(0)]);
  for (let i = 0; i < 8; i++) {
    await settle();
    timers[i]!.run();
  }
  // Full jitter with random() = 0: half of 1 s, 2 s, 4 s... capped at 60 s.
  assert.deepEqual(timers.map((t) => t.ms), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(retryDelay(3, '120'), 60_000, 'a Retry-After past a minute is capped');
  assert.ok(retryDelay(2, null) >= 2000 && retryDelay(2, null) <= 4000);
});

test('a 400 is not retried: the chunk is dropped and the next one goes', async () => {
  const { sender, posts, timers, removed } = setup((seq) => (seq === 0 ? 400 : 200));
  sender.enqueue([chunk(0), chunk(1)]);
  await settle();
  assert.deepEqual(posts.map((p) => p.seq), [0, 1]);
  assert.equal(timers.length, 0);
  assert.deepEqual(removed, [0, 1]);
});

test('410 (erased) stops for good: onGone, nothing more sent', async () => {
  const s = setup(() => 410);
  s.sender.enqueue([chunk(0), chunk(1)]);
  await settle();
  assert.equal(s.gone(), 1);
  assert.deepEqual(s.posts.map((p) => p.seq), [0]);
});

test('a full queue drops the oldest chunk that is not a full snapshot and reports its events', async () => {
  const { sender, removed, dropped } = setup(() => 'network');
  sender.enqueue([chunk(0, true), chunk(1)]);
  for (let seq = 2; seq < MAX_QUEUED_CHUNKS + 1; seq++) sender.enqueue([chunk(seq)]);
  await settle();
  assert.equal(dropped(), 10);
  assert.deepEqual(removed, [1], 'chunk 0 holds the snapshot, so chunk 1 goes');
});

test('leaving hands every waiting chunk but the one in flight to the browser with keepalive, in order', async () => {
  const { sender, posts } = setup(() => 200);
  const rest = { ...chunk(2), gz: null };
  sender.enqueue([chunk(0), chunk(1), rest]);
  sender.sendBeforeLeaving();
  assert.deepEqual(posts.map((p) => [p.seq, p.keepalive]), [[0, true], [1, true], [2, true]]);
  sender.stop();
  sender.sendBeforeLeaving();
  assert.equal(posts.length, 3, 'nothing after stop');
});

test('chunks from an earlier page go before this page\'s', async () => {
  const { sender, posts } = setup(() => 200);
  sender.recover([{ s: 'session-0000', q: 7, j: '{"seq":7}' }]);
  sender.enqueue([chunk(0)]);
  await new Promise((r) => setTimeout(r, 50));
  await settle();
  assert.deepEqual(posts.map((p) => p.seq), [7, 0]);
});
