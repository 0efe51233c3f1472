// The viewer's bookkeeping of which stretches of a session it has loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addSpan, covers, heldOf, nextToLoad, restOf, spanOf } from '../../viewer/replay/replay-coverage.ts';

test('a segment covers from its start to the next one; the first also covers the time before it', () => {
  assert.deepEqual(spanOf({ from: 500, start: 300, end: 900 }), { from: 300, to: 900 });
  assert.deepEqual(spanOf({ from: 0, start: 300, end: 900 }), { from: -Infinity, to: 900 });
  assert.deepEqual(spanOf({ from: 2000, start: 1800, end: null }), { from: 1800, to: Infinity });
  assert.deepEqual(spanOf({ from: 5, start: null, end: null }), { from: -Infinity, to: Infinity }, 'no snapshot: the whole stream came at once');
});

test('touching spans merge; covers() is half-open', () => {
  let spans = addSpan([], { from: 300, to: 900 });
  spans = addSpan(spans, { from: 1500, to: 2000 });
  spans = addSpan(spans, { from: 900, to: 1500 });
  assert.deepEqual(spans, [{ from: 300, to: 2000 }]);
  assert.equal(covers(spans, 300), true);
  assert.equal(covers(spans, 2000), false);
});

test('what loads next: the gap ahead of the playhead first, then the ones before it', () => {
  const spans = [{ from: 1000, to: 2000 }, { from: 3000, to: 4000 }];
  assert.equal(nextToLoad(spans, 1500), 2000);
  assert.equal(nextToLoad(spans, 3500), 4000, 'a finite end means another segment begins there');
  assert.equal(nextToLoad([{ from: 1000, to: 2000 }, { from: 3000, to: Infinity }], 3500), 2999, 'nothing ahead: the gap before, from its far side');
  assert.equal(nextToLoad([{ from: -Infinity, to: 2000 }, { from: 3000, to: Infinity }], 0), 2000);
  assert.equal(nextToLoad([{ from: -Infinity, to: Infinity }], 0), null);
  assert.equal(nextToLoad([{ from: 1000, to: Infinity }], 1500), 999);
});

test('a head covers up to where its rest begins; the segment whole, to its end', () => {
  assert.deepEqual(spanOf({ from: 0, start: 300, end: 900, until: 420 }), { from: -Infinity, to: 420 });
  assert.deepEqual(spanOf({ from: 300, start: 300, end: 900, until: null }), { from: 300, to: 900 });
  const spans = addSpan(addSpan([], { from: -Infinity, to: 420 }), { from: 300, to: 900 });
  assert.deepEqual(spans, [{ from: -Infinity, to: 900 }]);
  assert.equal(nextToLoad(addSpan([], { from: -Infinity, to: 420 }), 0), 420, 'the rest of the head’s segment is loaded next');
});

test('after a head, only what follows it is new; a changed prefix falls back to what is later than the last event held', () => {
  const ev = (timestamp: number, type = 3) => ({ timestamp, type });
  const whole = [ev(100, 4), ev(140, 2), ev(500), ev(600), ev(700)];
  const head = whole.slice(0, 2);
  assert.deepEqual(restOf(undefined, whole), whole, 'nothing held: all of it');
  assert.deepEqual(restOf(heldOf(head), whole), [ev(500), ev(600), ev(700)]);
  assert.deepEqual(restOf(heldOf(whole), whole), [], 'the whole segment twice: nothing new');
  assert.deepEqual(restOf(heldOf(whole), head), [], 'a head after the whole: nothing new');
  const withLate = [ev(100, 4), ev(120), ev(140, 2), ev(500), ev(600)];
  assert.deepEqual(restOf(heldOf(head), withLate), [ev(500), ev(600)], 'a chunk stored between the two answers shifts the prefix');
});
