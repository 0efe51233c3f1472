// The viewer's pure parts: wording of times and sizes, timeline geometry, routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatOffset, formatShare, formatViewport, pathOf } from '../../viewer/ui/format.ts';
import { labelLanes, positionOf } from '../../viewer/pages/replay/timeline.ts';
import { replayProblem } from '../../viewer/pages/replay/replay-problem.ts';
import { playerSize } from '../../viewer/replay/player-size.ts';
import { matchRoute } from '../../viewer/router.ts';

test('durations read like people say them', () => {
  assert.equal(formatDuration(0), '0 s');
  assert.equal(formatDuration(45_400), '45 s');
  assert.equal(formatDuration(252_000), '4 min 12 s');
  assert.equal(formatDuration(3_900_000), '1 h 05 min');
  assert.equal(formatDuration(-5), '0 s');
});

test('replay offsets read like a media player', () => {
  assert.equal(formatOffset(7_900), '0:07');
  assert.equal(formatOffset(750_000), '12:30');
  assert.equal(formatOffset(3_723_000), '1:02:03');
});

test('a recorded URL shows as its decoded path, and garbage as itself', () => {
  assert.equal(pathOf('https://shop.example/%C3%BCber?x=1#top'), '/über?x=1#top');
  assert.equal(pathOf('not a url'), 'not a url');
  assert.equal(pathOf('https://shop.example/%E0%A4%A'), '/%E0%A4%A');
});

test('shares are clamped percentages and viewports are W×H', () => {
  assert.equal(formatShare(1.02), '100%');
  assert.equal(formatShare(0.456), '46%');
  assert.equal(formatViewport(1280.4, 719.6), '1280×720');
});

test('timeline positions stay on the bar', () => {
  assert.equal(positionOf(50, 0, 100), 0.5);
  assert.equal(positionOf(-10, 0, 100), 0);
  assert.equal(positionOf(500, 0, 100), 1);
  assert.equal(positionOf(5, 10, 10), 0, 'a zero-length session does not divide by zero');
});

test('page labels that would overlap go to separate lanes', () => {
  assert.deepEqual(labelLanes([0, 0.05, 0.5], 0.1), [0, 1, 0]);
  assert.deepEqual(labelLanes([0, 0.01, 0.02, 0.03], 0.1, 3), [0, 1, 2, 0]);
});

test('a session without a full snapshot or with one event is explained, not replayed blank', () => {
  assert.match(replayProblem([{ type: 4 }]) ?? '', /only one recorded event/);
  assert.match(replayProblem([{ type: 4 }, { type: 3 }]) ?? '', /no full page snapshot/);
  assert.equal(replayProblem([{ type: 4 }, { type: 2 }]), null);
});

test('the player keeps the recorded aspect ratio within the window', () => {
  assert.deepEqual(playerSize(1000, { width: 1280, height: 720 }, 2000), { width: 1000, height: 563 });
  assert.equal(playerSize(1000, { width: 390, height: 844 }, 900).height, 595, 'a phone recording is capped by the window');
});

test('viewer routes', () => {
  assert.deepEqual(matchRoute('/viewer/'), { page: 'sessions' });
  assert.deepEqual(matchRoute('/viewer/sessions/abc_123'), { page: 'replay', sessionId: 'abc_123' });
  assert.deepEqual(matchRoute('/viewer/heatmaps-nope'), { page: 'not-found' });
});
