import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partJoiner } from '../../server/ingest/event-parts.ts';

const event = JSON.stringify({ type: 2, data: { node: { text: 'x'.repeat(30) } }, timestamp: 1 });
const thirds = [event.slice(0, 20), event.slice(20, 40), event.slice(40)];

test('parts in order give the event back', () => {
  const j = partJoiner();
  assert.equal(j.add(0, 3, thirds[0]!), null);
  assert.equal(j.add(1, 3, thirds[1]!), null);
  assert.equal(j.add(2, 3, thirds[2]!), event);
});

test('a missing part drops the event instead of splicing broken JSON', () => {
  const j = partJoiner();
  j.add(0, 3, thirds[0]!);
  assert.equal(j.add(2, 3, thirds[2]!), null);
});

test('ordinary events in between drop an unfinished event', () => {
  const j = partJoiner();
  j.add(0, 3, thirds[0]!);
  j.reset();
  assert.equal(j.add(1, 3, thirds[1]!), null);
  assert.equal(j.add(2, 3, thirds[2]!), null);
});

test('parts that do not make JSON are dropped', () => {
  const j = partJoiner();
  j.add(0, 2, '{"type":2,');
  assert.equal(j.add(1, 2, '<script>'), null);
});
