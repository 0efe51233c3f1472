// The mutation-storm breaker: bursts stream until 10,000 changed nodes in a second, then
// mutations are held back until the page is quiet and one snapshot replaces them.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { changedNodes, stormGuard } from '../../recorder/storm-guard.ts';

(globalThis as unknown as { window: typeof globalThis }).window ??= globalThis;

const mutation = (adds: number, removes = 0) => ({ type: 3, data: { source: 0, adds: Array(adds).fill({}), removes: Array(removes).fill({}), texts: [], attributes: [] } });
const mouse = { type: 3, data: { source: 1, positions: [] } };

test('changed nodes count adds, removes, texts and attributes of mutations only', () => {
  assert.equal(changedNodes(mutation(9000, 1000)), 10_000);
  assert.equal(changedNodes(mouse), 0);
  assert.equal(changedNodes({ type: 4, data: { href: 'x' } }), 0);
});

test('a 10k-node burst streams; the next burst in the same second trips the breaker until the page is quiet', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  let t = 0;
  const snapshots: number[] = [];
  const storms: number[] = [];
  let held = 0;
  let watching: (() => void) | null = null;
  const guard = stormGuard({ snapshot: () => snapshots.push(t), hold: () => held++, onStorm: (n) => storms.push(n), watch: (changed) => ((watching = changed), () => (watching = null)), now: () => t });
  assert.equal(guard.drop(mutation(9000, 1000)), false, 'up to 10,000 nodes a second stream');
  t += 100;
  assert.equal(guard.drop(mutation(500)), true, 'over the limit: held back');
  assert.deepEqual(storms, [10_500]);
  assert.equal(held, 1, 'rrweb is told to hold its mutations');
  assert.ok(watching, 'the page is watched for quiet');
  assert.equal(guard.drop(mouse), false, 'other events still stream');
  t += 100;
  assert.equal(guard.drop(mutation(3)), true, 'small mutations in a storm are held back too: the snapshot covers them');
  mock.timers.tick(300);
  t += 300;
  (watching as (() => void) | null)?.(); // the page changes on, without rrweb reporting it (held)
  mock.timers.tick(499);
  assert.deepEqual(snapshots, []);
  t += 500;
  mock.timers.tick(1);
  assert.deepEqual(snapshots, [1000], 'one snapshot once the page is quiet for 500 ms');
  assert.equal(watching, null, 'no longer watched');
  t += 2000;
  assert.equal(guard.drop(mutation(50)), false, 'calm again: mutations stream');
  guard.stop();
  mock.timers.reset();
});

test('mutations rrweb lets go while the snapshot begins stay held back', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  let t = 0;
  let inside: boolean[] = [];
  const guard: ReturnType<typeof stormGuard> = stormGuard({ snapshot: () => (inside = [guard.drop(mutation(20_000))]), hold: () => undefined, onStorm: () => undefined, watch: () => () => undefined, now: () => t });
  guard.drop(mutation(20_000));
  t += 600;
  mock.timers.tick(600);
  assert.deepEqual(inside, [true]);
  t += 2000;
  assert.equal(guard.drop(mutation(10)), false, 'and no second storm follows from them');
  guard.stop();
  mock.timers.reset();
});

test('a storm that never calms down gets a snapshot every 2 s, and nothing streams in between', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  let t = 0;
  const snapshots: number[] = [];
  let held = 0;
  const guard = stormGuard({ snapshot: () => snapshots.push(t), hold: () => held++, onStorm: () => undefined, watch: () => () => undefined, now: () => t });
  const streamed: number[] = [];
  for (; t <= 4500; t += 100) {
    if (!guard.drop(mutation(9000, 1000))) streamed.push(t);
    mock.timers.tick(100);
  }
  assert.deepEqual(streamed, [0], 'only the first second\'s 10,000 nodes streamed');
  assert.equal(snapshots.length, 2, `snapshots at ${snapshots}`);
  assert.ok(snapshots[0]! >= 2000 && snapshots[0]! <= 2200 && snapshots[1]! >= 4000 && snapshots[1]! <= 4400, `snapshots at ${snapshots}`);
  guard.stop();
  mock.timers.reset();
});
