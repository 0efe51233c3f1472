// Inflating a chunk for the PII scan (server/pii/inflate.ts): the fast path must never
// see less than gunzip would, and broken or oversized gzip fails the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { inflateEvents } from '../../server/pii/inflate.ts';

const text = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ type: 3, data: { source: 1, i }, timestamp: i })));

test('a plain gzip inflates to its text', () => {
  assert.equal(inflateEvents(gzipSync(text), 8e6).toString(), text);
});

test('gzip of several members inflates whole, not only the first member', () => {
  const tail = '{"textContent":"bob@example.com"}';
  assert.equal(inflateEvents(Buffer.concat([gzipSync(text), gzipSync(tail)]), 8e6).toString(), text + tail);
});

test('a header with a file name (flags set) still inflates', () => {
  const gz = Buffer.from(gzipSync(text));
  const named = Buffer.concat([gz.subarray(0, 3), Buffer.from([0x08]), gz.subarray(4, 10), Buffer.from('events.json\0'), gz.subarray(10)]);
  assert.equal(inflateEvents(named, 8e6).toString(), text);
});

test('past the limit: ERR_BUFFER_TOO_LARGE, also when the trailer lies about the size', () => {
  const bomb = Buffer.from(gzipSync(Buffer.alloc(2e6, 0x20)));
  assert.throws(() => inflateEvents(bomb, 1e6), { code: 'ERR_BUFFER_TOO_LARGE' });
  bomb.writeUInt32LE(100, bomb.length - 4);
  assert.throws(() => inflateEvents(bomb, 1e6), { code: 'ERR_BUFFER_TOO_LARGE' });
});

test('truncated or corrupt gzip throws, and not as too large', () => {
  const gz = gzipSync(text);
  for (const broken of [gz.subarray(0, gz.length - 30), Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 0xff), gz.subarray(80)])]) {
    assert.throws(() => inflateEvents(broken, 8e6), (err: NodeJS.ErrnoException) => err.code !== 'ERR_BUFFER_TOO_LARGE');
  }
});
