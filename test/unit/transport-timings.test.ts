// The recorder's timings: defaults for every visitor; a test page may shorten them with
// data-test-timings, within bounds, and anything invalid is ignored, never thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_TIMINGS, parseTimings } from '../../recorder/timings.ts';
import { recorderSettings } from '../../recorder/recorder-settings.ts';
import { OUTBOX_DB } from '../../recorder/transport/outbox.ts';
import { DEAD_AFTER_MS, RAGE_RULE } from '../../contract/frustration.ts';

test('without data-test-timings a visitor gets 10 s chunks drafted at 5 s, the contract\'s frustration windows and 30 min sessions', () => {
  assert.deepEqual(recorderSettings({}).timings, { draftMs: 5000, chunkMs: 10_000, deadMs: DEAD_AFTER_MS, rageMs: RAGE_RULE.windowMs, idleMs: 30 * 60 * 1000 });
  assert.deepEqual(DEFAULT_TIMINGS, recorderSettings({}).timings);
});

test('a test page shortens the timings it names', () => {
  assert.deepEqual(recorderSettings({ testTimings: '{"draftMs":200,"chunkMs":400,"deadMs":300}' }).timings, { draftMs: 200, chunkMs: 400, deadMs: 300, rageMs: RAGE_RULE.windowMs, idleMs: 30 * 60 * 1000 });
});

test('invalid, out-of-bounds or unknown timings fall back to the defaults', () => {
  for (const bad of ['', 'not json', 'null', '[1]', '"x"', '{"draftMs":1}', '{"draftMs":1e9}', '{"draftMs":"200"}', '{"draftMs":200.5}', '{"other":5}', `{"draftMs":200,"pad":"${'x'.repeat(600)}"}`]) {
    assert.deepEqual(parseTimings(bad), DEFAULT_TIMINGS, bad.slice(0, 40));
  }
  assert.equal(parseTimings('{"draftMs":300,"deadMs":-1}').draftMs, 300, 'one bad key leaves the others');
  assert.equal(parseTimings('{"draftMs":2000,"chunkMs":500}').chunkMs, 2000, 'a chunk is at least one draft');
});

test('the stub deletes the outbox by the very name the outbox opens', () => {
  const stub = readFileSync(new URL('../../recorder/stub.ts', import.meta.url), 'utf8');
  assert.match(stub, new RegExp(`indexedDB\\.deleteDatabase\\('${OUTBOX_DB}'\\)`));
});
