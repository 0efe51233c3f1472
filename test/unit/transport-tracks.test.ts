// Names passed to einblick.track() travel as a chunk fact (the sessions list filters on
// them without reading recordings): each once per chunk, and once only across a draft.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunker } from '../../recorder/transport/chunker.ts';
import type { OutgoingChunk } from '../../recorder/transport/wire.ts';

const receipt = { ts: 1, scopes: { replay: true, surveys: false }, mechanism: 'api' as const, version: '1', gpc: false, dnt: false };

function setup() {
  const delivered: OutgoingChunk[] = [];
  const chunker = createChunker({
    site: 'shop', visitor: 'visitor-0001', session: { id: 'session-0001', seq: 0, pv: 0, last: 0 }, receipt, ticksPerChunk: 2,
    saveSession: () => undefined, keep: () => undefined, deliver: (cs) => void delivered.push(...cs), now: () => 1_700_000_000_000,
  });
  return { chunker, delivered };
}
const tracksOf = (c: OutgoingChunk) => (JSON.parse(c.json) as { tracks?: string[] }).tracks;

test('tracked names ride on the next chunk, each once, and not again on the one after', () => {
  const { chunker, delivered } = setup();
  chunker.addTrack('signup');
  chunker.addTrack('signup');
  chunker.addTrack('coupon-failed');
  chunker.flush();
  assert.deepEqual(tracksOf(delivered[0]!), ['signup', 'coupon-failed']);
  chunker.addEvent({ type: 3, timestamp: 1, data: {} });
  chunker.flush();
  assert.equal(tracksOf(delivered[1]!), undefined);
});

test('a page calling track() in a loop sends at most 100 names a chunk, as the server takes', () => {
  const { chunker, delivered } = setup();
  for (let i = 0; i < 500; i++) chunker.addTrack(`name-${i}`);
  chunker.flush();
  assert.equal(tracksOf(delivered[0]!)?.length, 100);
});
