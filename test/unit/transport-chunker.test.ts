// How the recorder cuts what it buffers into chunks: by ticks, by size, at once when
// urgent, and, when the page goes away, the compressed draft as it is plus only the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunker, CHUNK_CHARS, DRAFT_CHARS, type ChunkerOptions } from '../../recorder/transport/chunker.ts';
import type { OutgoingChunk } from '../../recorder/transport/wire.ts';
import type { Click } from '../../contract/schemas/index.ts';

const receipt = { ts: 1, scopes: { replay: true, surveys: false }, mechanism: 'api' as const, version: '1', gpc: false, dnt: false };

function setup(extra: Partial<ChunkerOptions> = {}) {
  const session = { id: 'session-0001', seq: 0, pv: 0, last: 0 };
  const kept: OutgoingChunk[] = [];
  const delivered: OutgoingChunk[] = [];
  const log: string[] = [];
  const chunker = createChunker({
    site: 'shop',
    visitor: 'visitor-0001',
    session,
    receipt,
    ticksPerChunk: 2,
    saveSession: () => log.push('save'),
    keep: (c) => kept.push(c),
    deliver: (cs) => (log.push(`deliver ${cs.map((c) => c.seq).join(',')}`), delivered.push(...cs)),
    beforeCut: () => log.push('beforeCut'),
    now: () => 1_700_000_000_000,
    ...extra,
  });
  return { chunker, session, kept, delivered, log };
}

let ts = 1_700_000_000_000;
const event = (type = 3, size = 10) => ({ type, timestamp: ts++, data: { text: 'x'.repeat(size) } });
const click = (n: number): Click => ({ pv: 0, ts: ts++, x: n, y: n, selector: '#buy', offsetX: 50, offsetY: 50 });
const parsed = (c: OutgoingChunk) => JSON.parse(c.json) as { seq: number; events: unknown[]; clicks: Click[]; consent?: unknown };
/** Lets a draft's compression (CompressionStream, off the JS thread) finish. */
const compressed = async (c: OutgoingChunk) => {
  for (let i = 0; i < 100 && !c.gz; i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(c.gz, 'the draft was compressed');
};

test('the first tick drafts (kept, not sent) and the second cuts under the same seq', () => {
  const { chunker, kept, delivered } = setup();
  chunker.addEvent(event());
  chunker.tick();
  assert.equal(delivered.length, 0, 'a draft is not sent');
  assert.equal(kept.length, 1, 'the draft is in the outbox');
  assert.equal(kept[0]!.seq, 0);
  chunker.addEvent(event());
  chunker.tick();
  assert.deepEqual(delivered.map((c) => c.seq), [0], 'the chunk takes the draft\'s seq');
  assert.equal(parsed(delivered[0]!).events.length, 2);
  assert.ok(parsed(delivered[0]!).consent, 'the first chunk carries the consent receipt');
  chunker.addEvent(event());
  chunker.tick();
  chunker.tick();
  assert.deepEqual(delivered.map((c) => c.seq), [0, 1]);
  assert.equal(parsed(delivered[1]!).consent, undefined, 'only the first chunk carries the receipt');
});

test('a busy page is cut at every tick, without a draft', () => {
  const { chunker, kept, delivered } = setup();
  chunker.addEvent(event(3, DRAFT_CHARS));
  chunker.tick();
  assert.deepEqual(delivered.map((c) => c.seq), [0]);
  assert.equal(kept.length, 1, 'only the chunk, no draft of it');
});

test('quiet ticks cut nothing; a full snapshot is cut at once, on the next microtask', async () => {
  const { chunker, delivered } = setup();
  chunker.tick();
  chunker.tick();
  chunker.flush();
  assert.equal(delivered.length, 0);
  chunker.addEvent(event(2), true);
  assert.equal(delivered.length, 0);
  await Promise.resolve();
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0]!.full, true);
});

test('500 waiting events, or a megabyte of them, are cut without waiting for a tick', async () => {
  const { chunker, delivered } = setup();
  for (let i = 0; i < 500; i++) chunker.addEvent(event());
  await Promise.resolve();
  assert.equal(delivered.length, 1);
  assert.equal(delivered[0]!.events, 500);
  chunker.addEvent(event(3, CHUNK_CHARS / 2));
  chunker.addEvent(event(3, CHUNK_CHARS / 2));
  assert.equal(delivered.length, 2, 'cut before its JSON passes the limit');
});

test('one event bigger than a chunk travels in numbered parts after what was waiting', () => {
  const { chunker, delivered } = setup();
  chunker.addEvent(event());
  chunker.addEvent(event(2, CHUNK_CHARS * 2));
  assert.deepEqual(delivered.map((c) => c.seq), [0, 1, 2, 3]);
  const parts = delivered.slice(1).map((c) => (JSON.parse(c.json) as { part: { index: number; count: number; text: string } }).part);
  assert.deepEqual(parts.map((p) => [p.index, p.count]), [[0, 3], [1, 3], [2, 3]]);
  assert.equal(delivered[1]!.full, true, 'the first part of a full snapshot is kept longest');
  assert.equal(JSON.parse(parts.map((p) => p.text).join('')).type, 2);
});

test('leaving: the compressed draft goes as it is and only what came after is cut, every click once', async () => {
  const { chunker, kept, delivered, log } = setup();
  chunker.addEvent(event());
  chunker.addClick(click(1));
  chunker.tick();
  const draft = kept[0]!;
  await compressed(draft);
  chunker.addEvent(event());
  chunker.addClick(click(2));
  log.length = 0;
  chunker.flushKeepingDraft();
  assert.deepEqual(log, ['beforeCut', 'save', 'deliver 0,1'], 'the last typed values are recorded before the cut');
  assert.equal(delivered[0], draft, 'the draft itself, compressed');
  const rest = parsed(delivered[1]!);
  assert.equal(rest.events.length, 1, 'only the event after the draft');
  assert.deepEqual(rest.clicks.map((c) => c.x), [2], 'only the click after the draft');
  assert.equal(rest.consent, undefined, 'the receipt went with the draft');
});

test('leaving before the draft is compressed cuts everything under the draft\'s seq', () => {
  const { chunker, kept, delivered } = setup();
  chunker.addEvent(event());
  chunker.addClick(click(1));
  chunker.tick();
  chunker.addClick(click(2));
  chunker.flushKeepingDraft();
  assert.deepEqual(delivered.map((c) => c.seq), [kept[0]!.seq]);
  assert.notEqual(delivered[0], kept[0], 'a new chunk, not the uncompressed draft');
  assert.deepEqual(parsed(delivered[0]!).clicks.map((c) => c.x), [1, 2]);
});

test('every cut runs beforeCut first, even with nothing buffered', () => {
  const { chunker, log } = setup();
  chunker.flush();
  chunker.tick();
  chunker.tick();
  chunker.flushKeepingDraft();
  assert.equal(log.filter((l) => l === 'beforeCut').length, 3);
});

test('after stop nothing is cut, drafted or numbered', async () => {
  const { chunker, session, kept, delivered } = setup();
  chunker.addEvent(event());
  chunker.stop();
  chunker.addEvent(event(2), true);
  chunker.tick();
  chunker.flush();
  chunker.flushKeepingDraft();
  await Promise.resolve();
  assert.equal(delivered.length + kept.length, 0);
  assert.equal(session.seq, 0);
});
