// The mutation-storm breaker: bursts stream until 10,000 changed nodes in a second, then
// rrweb holds its mutations until the page is quiet (or every 2 s) and lets them go as one.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { changedNodes, stormGuard } from '../../recorder/storm-guard.ts';

(globalThis as unknown as { window: typeof globalThis }).window ??= globalThis;

const mutation = (adds: number, removes = 0) => ({ type: 3, data: { source: 0, adds: Array(adds).fill({}), removes: Array(removes).fill({}), texts: [], attributes: [] } });
const mouse = { type: 3, data: { source: 1, positions: [] } };

function world() {
  // Times in the log are from the test's start (the guard sees a real clock's epoch milliseconds).
  const start = Date.now();
  let t = 0;
  const log: string[] = [];
  let watching: (() => void) | null = null;
  const guard = stormGuard({
    hold: () => log.push(`hold@${t}`),
    release: () => log.push(`release@${t}`),
    onStorm: (n) => log.push(`storm ${n}@${t}`),
    watch: (changed) => ((watching = changed), () => (watching = null)),
    now: () => start + t,
  });
  return { guard, log, advance: (ms: number) => ((t += ms), mock.timers.tick(ms)), pageChanges: () => watching?.(), watched: () => watching !== null };
}

test('changed nodes count adds, removes, texts and attributes of mutations only', () => {
  assert.equal(changedNodes(mutation(9000, 1000)), 10_000);
  assert.equal(changedNodes(mouse), 0);
  assert.equal(changedNodes({ type: 4, data: { href: 'x' } }), 0);
});

test('a 10k-node burst streams; the next burst in the same second has rrweb hold until the page is quiet', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const w = world();
  w.guard.seen(mutation(9000, 1000));
  assert.deepEqual(w.log, [], 'up to 10,000 nodes a second stream untouched');
  w.advance(100);
  w.guard.seen(mutation(500));
  assert.deepEqual(w.log, ['storm 10500@100', 'hold@100'], 'over the limit: marked, and rrweb holds');
  assert.ok(w.watched(), 'the page is watched for quiet');
  w.guard.seen(mouse);
  assert.equal(w.log.length, 2, 'other events change nothing');
  w.advance(300);
  w.pageChanges(); // the page changes on, rrweb reporting nothing (held)
  w.advance(499);
  assert.equal(w.log.length, 2, 'not quiet for 500 ms yet');
  w.advance(1);
  assert.deepEqual(w.log.slice(2), ['release@900'], 'let go once the page is quiet for 500 ms');
  assert.equal(w.watched(), false, 'no longer watched');
  w.guard.seen(mutation(12_000, 1000));
  assert.equal(w.log.length, 3, 'what was held goes out as one mutation, however large, and is no new storm');
  w.advance(1100);
  w.guard.seen(mutation(9000, 1000));
  assert.equal(w.log.length, 3, 'later changes stream under a fresh count');
  w.guard.seen(mutation(2000, 1000));
  assert.deepEqual(w.log.slice(3), ['storm 13000@2000', 'hold@2000'], 'and a new storm is still one');
  w.guard.stop();
  mock.timers.reset();
});

test('changes a user event lets go during a storm are sent, and the hold resumes', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const w = world();
  w.guard.seen(mutation(20_000));
  w.advance(100);
  w.guard.seen(mutation(3000)); // rrweb let held changes go for a click
  assert.deepEqual(w.log, ['storm 20000@0', 'hold@0', 'hold@100']);
  w.guard.stop();
  mock.timers.reset();
});

test('a storm that never calms down has its changes let go every 2 s, and is held in between', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const w = world();
  for (let i = 0; i <= 50; i++) {
    w.guard.seen(mutation(9000, 1000));
    w.advance(100);
  }
  const releases = w.log.filter((l) => l.startsWith('release')).map((l) => Number(l.split('@')[1]));
  const storms = w.log.filter((l) => l.startsWith('storm'));
  assert.equal(releases.length, 2, w.log.join(' '));
  assert.ok(releases[0]! >= 2000 && releases[0]! <= 2200 && releases[1]! >= 4000 && releases[1]! <= 4500, `released at ${releases}`);
  // After each release (itself not counted) the next second's first 10,000 nodes stream, then the hold resumes.
  assert.equal(storms.length, 3, storms.join(' '));
  w.guard.stop();
  mock.timers.reset();
});
