// One audit row per viewing of a replay, however many segment requests it takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replayReadLog } from '../../server/replay/reads.ts';

test('reads of one session by one token within ten minutes are one viewing; another token or a later read is a new one', () => {
  let now = 0;
  const log = replayReadLog(() => now);
  assert.equal(log.isNewViewing(1, 's1'), true);
  now += 60_000;
  assert.equal(log.isNewViewing(1, 's1'), false, 'a segment loaded a minute later');
  assert.equal(log.isNewViewing(2, 's1'), true, 'another researcher');
  assert.equal(log.isNewViewing(1, 's2'), true, 'another session');
  now += 10 * 60_000;
  assert.equal(log.isNewViewing(1, 's1'), true, 'coming back later is a new viewing');
});
