// Delivery: chunks survive a network outage and server hiccups, and arrive exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

/** Chunks drafted every 250 ms and cut every 500 ms (instead of 5 s and 10 s): the tests wait for cuts, not for seconds. */
const FAST = { 'test-timings': JSON.stringify({ draftMs: 250, chunkMs: 500 }) };

const grant = (page: Page) => page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
const sessionId = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { id: string }).id);
/** The next seq the recorder will number a chunk (or a draft) with: how many it has cut so far. */
const seqNow = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { seq?: number }).seq ?? 0);

/** Clicks and scrolls until the recorder has numbered `seq` chunks, so every chunk (and every draft of one) has something in it. */
async function beBusyUntilSeq(page: Page, seq: number): Promise<number> {
  for (let n = 0; n < 400; n++) {
    await page.click('#buy');
    await page.mouse.wheel(0, 120);
    const now = await seqNow(page);
    if (now >= seq) return now;
    // A pause between actions, so each chunk holds a few of them; the loop ends on the seq, not on time.
    await page.waitForTimeout(50);
  }
  throw new Error(`the recorder never numbered ${seq} chunks`);
}

test('a recording made partly offline arrives complete, without a missing seq', async () => {
  const { context, page } = await world.open('shop', FAST);
  await grant(page);
  const online = await beBusyUntilSeq(page, 2);
  await context.setOffline(true);
  await beBusyUntilSeq(page, online + 4); // four chunks, and their first retries, fail
  await context.setOffline(false);
  const sent = await beBusyUntilSeq(page, online + 5);
  const id = await sessionId(page);
  const summary = await eventually('every chunk cut so far to arrive', async () => {
    const s = await world.server.store.sessions.sessionSummary(id);
    return s && s.chunks >= sent ? s : null;
  }, 30_000);
  assert.deepEqual(summary.gaps, []);
  assert.deepEqual(await world.server.store.sessions.chunkSeqs(id), Array.from({ length: summary.chunks }, (_, i) => i), 'each seq exactly once');
  await context.close();
});

test('503 and 429 are retried as told by Retry-After; a 400 is not retried', async () => {
  const retryAfter = { 'Retry-After': '1' };
  const proxy = await startFlakyProxy(world.server.url, (seq, attempt) => {
    if (seq === 0 && attempt === 1) return { status: 503, headers: retryAfter };
    if (seq === 0 && attempt === 2) return { status: 429, headers: retryAfter };
    if (seq === 1 && attempt === 1) return { status: 400 };
    return 'forward';
  });
  const { context, page } = await world.open('shop', { endpoint: proxy.url, ...FAST });
  await grant(page);
  await beBusyUntilSeq(page, 3);
  const id = await sessionId(page);
  await eventually('chunks 0 and 2 to be stored', async () => (await world.server.store.sessions.chunkSeqs(id)).includes(2), 15_000);
  assert.equal(proxy.attempts.get(0), 3, 'seq 0: 503, 429, then stored');
  assert.equal(proxy.attempts.get(1), 1, 'seq 1 was refused with 400 and never sent again');
  assert.deepEqual((await world.server.store.sessions.chunkSeqs(id)).slice(0, 2), [0, 2], 'the refused chunk is a gap, the rest arrive');
  await context.close();
  await proxy.close();
});

test('chunks the server could not take before a navigation are sent by the next page', async () => {
  let down = true;
  const proxy = await startFlakyProxy(world.server.url, () => (down ? { status: 503, headers: { 'Retry-After': '30' } } : 'forward'));
  const { context, page } = await world.open('shop', { endpoint: proxy.url, ...FAST });
  await grant(page);
  const cut = await beBusyUntilSeq(page, 3);
  const id = await sessionId(page);
  assert.deepEqual(await world.server.store.sessions.chunkSeqs(id), [], 'nothing got through yet');
  down = false;
  await page.goto(world.site.page('shop', { site: world.siteKey, endpoint: proxy.url, ...FAST }));
  await eventually('the first page\'s chunks to arrive from the second page', async () => {
    const seqs = await world.server.store.sessions.chunkSeqs(id);
    return Array.from({ length: cut }, (_, i) => i).every((s) => seqs.includes(s));
  }, 20_000);
  const outboxSize = () => page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const r = indexedDB.open('einblick');
      r.onsuccess = () => resolve(r.result);
    });
    return new Promise<number>((resolve) => {
      const r = db.transaction('outbox').objectStore('outbox').count();
      r.onsuccess = () => resolve(r.result);
    });
  });
  // Their outbox entries go as their answers come in; the open chunk of the second page may wait there.
  await eventually('acknowledged chunks to leave the outbox', async () => (await outboxSize()) <= 1);
  await context.close();
  await proxy.close();
});

test('a full snapshot too big for one chunk is split by the recorder and replays whole', async () => {
  const { context, page } = await world.open('big');
  await grant(page);
  const id = await eventually('a session id', () => sessionId(page));
  const parts = await eventually('every part of the snapshot to arrive', async () => {
    const list = (await world.server.store.sessions.chunkList(id)).filter((c) => c.partCount !== null);
    return list.length > 0 && list.length === list[0]!.partCount ? list : null;
  }, 30_000);
  assert.ok(parts.length >= 2, `the snapshot travelled in ${parts.length} parts`);
  const res = await world.server.api(`/api/v1/sessions/${id}/events`);
  const events = (await res.json()) as { type: number; data: unknown }[];
  const snapshot = events.find((e) => e.type === 2);
  assert.ok(snapshot, 'the joined full snapshot is in the replay');
  assert.match(JSON.stringify(snapshot.data), /last-row/);
  await context.close();
});

/** One draft every 2 s, cut every 4 s: after a draft, time to act before the next tick. */
const SLOW_DRAFT = { 'test-timings': JSON.stringify({ draftMs: 2000, chunkMs: 4000 }) };

/** Leaves the page mid-chunk with `leave`, and checks what went out: the draft compressed, the rest as `rest`, every event once. */
async function leaveMidChunk(leave: (page: Page) => Promise<unknown>, rest: string[]): Promise<void> {
  const proxy = await startFlakyProxy(world.server.url, () => 'forward');
  const { context, page } = await world.open('shop', { endpoint: proxy.url, ...SLOW_DRAFT });
  // Closed whatever happens: a proxy left listening after a failure kept the test process alive.
  try {
    await leaveAndCheck(page, proxy, leave, rest);
  } finally {
    await context.close();
    await proxy.close();
  }
}

async function leaveAndCheck(page: Page, proxy: FlakyProxy, leave: (page: Page) => Promise<unknown>, rest: string[]): Promise<void> {
  await grant(page);
  let clicks = 0;
  const click = async () => {
    await page.click('#buy');
    clicks++;
  };
  // Chunk 0 (the snapshot) is cut at once; the next chunk's seq is taken when it is first drafted.
  await click();
  await page.waitForFunction(() => ((JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { seq?: number }).seq ?? 0) >= 2);
  await click();
  await click();
  const id = await sessionId(page);
  await leave(page);
  const summary = await eventually('the visit to be stored', async () => {
    const s = await world.server.store.sessions.sessionSummary(id);
    return s && s.clicks >= clicks ? s : null;
  });
  assert.equal(summary.clicks, clicks, 'each click stored once');
  assert.deepEqual(await world.server.store.sessions.chunkSeqs(id), [0, 1, 2]);
  const formatOf = (seq: number) => proxy.sent.find((s) => s.seq === seq)?.format;
  assert.equal(formatOf(1), 'compact', 'the draft went compressed');
  assert.ok(rest.includes(formatOf(2)!), `what came after the draft went ${formatOf(2)}`);
  const events = (await (await world.server.api(`/api/v1/sessions/${id}/events`)).json()) as { type: number; data: { source?: number; type?: number } }[];
  assert.equal(events.filter((e) => e.type === 3 && e.data.source === 2 && e.data.type === 2).length, clicks, 'each click event once in the replay');
}

test('leaving mid-chunk: what was drafted goes compressed, only the rest uncompressed, every event once', () => leaveMidChunk((page) => page.goto('about:blank'), ['plain']));

test('closing a tab mid-chunk (hidden first, then left): the draft still goes compressed', () =>
  leaveMidChunk(async (page) => {
    // A tab being closed, or a phone app backgrounded, is hidden before pagehide.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.goto('about:blank');
  }, ['compact', 'plain'])); // the rest, cut as the page was hidden, may have been compressed before it was left
