// The recorder's wire format, read back by the server's own decoders: what the browser
// sends is what ingest understands, in both the compact and the JSON form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { chunkForms, compactBody, encodeChunk, splitText, type OutgoingChunk } from '../../recorder/transport/wire.ts';
import { decodeCompactChunk } from '../../server/ingest/decode-compact.ts';
import { Chunk } from '../../contract/schemas/index.ts';

const head = {
  site: 'shop',
  visitor: 'visitor-0001',
  session: 'session-0001',
  seq: 3,
  pages: [{ pv: 0, ts: 1_700_000_000_000, url: 'https://shop.example/cart', viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 2400 }],
  clicks: [],
  scroll: [{ pv: 0, ts: 1_700_000_000_500, depth: 0.5 }],
  consent: { ts: 1_700_000_000_000, scopes: { replay: true, surveys: false }, mechanism: 'api', version: '1', gpc: false, dnt: false },
};
const events = [
  { type: 4, timestamp: 1_700_000_000_000, data: { href: 'https://shop.example/cart', width: 1280, height: 800 } },
  { type: 3, timestamp: 1_700_000_000_900, data: { source: 2, type: 2, id: 7, x: 10, y: 20, text: 'Grüße 👋' } },
];
const span = { count: 2, firstTs: 1_700_000_000_000, lastTs: 1_700_000_000_900, full: false };

test('a compact body the recorder builds is decoded by the server with its facts and events intact', async () => {
  const forms = chunkForms(head, JSON.stringify(events), span);
  const body = await compactBody(forms.compact);
  const decoded = await decodeCompactChunk(Buffer.from(body));
  assert.equal(decoded.facts.seq, 3);
  assert.equal(decoded.facts.session, 'session-0001');
  assert.deepEqual(decoded.facts.scroll, head.scroll);
  assert.equal(decoded.eventCount, 2);
  assert.equal(decoded.fullSnapshot, false);
  assert.deepEqual(JSON.parse(gunzipSync(decoded.data).toString()), events);
});

test('the JSON form of the same chunk passes the server\'s chunk schema with the same events', () => {
  const { json } = chunkForms(head, JSON.stringify(events), span);
  const parsed = Chunk.parse(JSON.parse(json));
  assert.equal(parsed.seq, 3);
  assert.deepEqual(parsed.events, events);
});

test('a chunk without compact parts is gzipped JSON; one whose compression fails goes as its JSON', async () => {
  const chunk: OutgoingChunk = { session: 's', seq: 0, json: '{"a":1}', events: 0, full: false, gz: null, attempts: 0 };
  const gz = await encodeChunk(chunk);
  assert.ok(gz instanceof Uint8Array);
  assert.equal(gunzipSync(gz).toString(), '{"a":1}');
  const broken = { ...chunk, compact: { header: '{}', events: '[]' } };
  const original = globalThis.CompressionStream;
  // As in a browser without CompressionStream.
  (globalThis as { CompressionStream?: unknown }).CompressionStream = undefined;
  try {
    assert.equal(await encodeChunk(broken), '{"a":1}');
  } finally {
    globalThis.CompressionStream = original;
  }
});

test('an oversized event is split into parts that join back, never between a surrogate pair', () => {
  const text = 'ab👋cd👋'.repeat(5);
  for (const size of [2, 3, 5, 7]) {
    const parts = splitText(text, size);
    assert.equal(parts.join(''), text);
    for (const part of parts) {
      assert.ok(part.length >= 1 && part.length <= size, `part of ${part.length} within ${size}`);
      assert.doesNotMatch(part, /^[\udc00-\udfff]/, 'no part starts with a low surrogate');
    }
  }
});

test('a part size too small for a surrogate pair still ends (the pair is cut rather than looping)', () => {
  assert.equal(splitText('👋👋', 1).join(''), '👋👋');
});
