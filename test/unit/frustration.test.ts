// The rage rule as the recorder applies it: one click at a time, in the browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flagRageClicks, rageBurstEndingWith, type TimedPoint } from '../../contract/frustration.ts';

const clicksAt = (...spec: [ts: number, x: number, y: number][]) => spec.map(([ts, x, y]) => ({ ts, x, y }));

test('two quick clicks are a double click, not rage', () => {
  assert.deepEqual(flagRageClicks(clicksAt([0, 10, 10], [150, 10, 10])), [false, false]);
});

test('three clicks a second apart are patience, not rage', () => {
  assert.deepEqual(flagRageClicks(clicksAt([0, 10, 10], [1000, 10, 10], [2000, 10, 10])), [false, false, false]);
});

test('three quick clicks 100 px apart are a visitor working through a form', () => {
  assert.deepEqual(flagRageClicks(clicksAt([0, 0, 0], [100, 100, 0], [200, 200, 0])), [false, false, false]);
});

test('four clicks on the same spot within half a second are all rage clicks', () => {
  assert.deepEqual(flagRageClicks(clicksAt([0, 50, 50], [150, 52, 49], [300, 50, 53], [500, 48, 50])), [true, true, true, true]);
});

test('only the clicks in the burst are flagged, and the rule can be tuned', () => {
  const clicks = clicksAt([0, 500, 500], [5000, 10, 10], [5200, 20, 10], [5400, 10, 30], [5500, 400, 10], [9000, 10, 10]);
  assert.deepEqual(flagRageClicks(clicks), [false, true, true, true, false, false]);
  assert.deepEqual(flagRageClicks(clicks, { minClicks: 4 }), [false, false, false, false, false, false]);
  assert.deepEqual(flagRageClicks(clicks, { radiusPx: 5 }), [false, false, false, false, false, false]);
  assert.deepEqual(flagRageClicks([]), []);
});

test('a stray click inside a tantrum does not break it, and the burst is judged from its first click', () => {
  // The old recorder rule measured from the oldest click in the window: a stray first
  // click hid the tantrum after it. Every click is tried as a burst's first.
  const clicks = clicksAt([0, 400, 400], [100, 10, 10], [200, 12, 10], [300, 10, 14]);
  assert.deepEqual(flagRageClicks(clicks), [false, true, true, true]);
  assert.deepEqual(rageBurstEndingWith(clicks.slice(0, 3), clicks[3]!), [1, 2, 3]);
});

test('fed one click at a time, as the recorder does, the rule flags what it flags over the whole list', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let run = 0; run < 200; run++) {
    const clicks: TimedPoint[] = [];
    let ts = 0;
    for (let i = 0; i < 12; i++) {
      ts += Math.floor(random() * 400);
      clicks.push({ ts, x: Math.floor(random() * 60), y: Math.floor(random() * 60) });
    }
    const live = clicks.map(() => false);
    clicks.forEach((click, n) => {
      const before = clicks.slice(0, n).filter((c) => click.ts - c.ts <= 700);
      const offset = n - before.length;
      for (const i of rageBurstEndingWith(before, click)) live[offset + i] = true;
    });
    assert.deepEqual(live, flagRageClicks(clicks), `run ${run}`);
  }
});
