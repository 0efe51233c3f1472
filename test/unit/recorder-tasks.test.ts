// The bench's attribution of main-thread time to the recorder (bench/recorder-tasks.ts):
// CPU samples are charged to the task they fall in, and to the recorder when any frame
// of the sampled stack is the recorder script's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recorderShares } from '../../bench/recorder-tasks.ts';

const MAIN = 7;
const frame = (id: number, url: string, parent?: number) => ({ id, parent, callFrame: { url } });
// Stacks: 2 = page script; 3 = recorder callback; 4 = a page function the recorder called (its work too); 5 = idle.
const nodes = [frame(1, ''), frame(2, 'https://shop.test/app.js', 1), frame(3, 'https://einblick.test/einblick-recorder.js', 1), frame(4, 'https://shop.test/app.js', 3), frame(5, '', 1)];
const trace = (samples: number[], deltas: number[]) => [
  { name: 'Profile', ph: 'P', pid: 1, tid: MAIN, ts: 0, id: '0x1', args: { data: { startTime: 1000 } } },
  // Chunks are written from the profiler's own thread.
  { name: 'ProfileChunk', ph: 'P', pid: 1, tid: 99, ts: 0, id: '0x1', args: { data: { cpuProfile: { nodes, samples }, timeDeltas: deltas } } },
  // Task A 1000-1600 µs (a nested duplicate inside it), task B 2000-2400 µs, and a task on another thread.
  { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 1, tid: MAIN, ts: 1000, dur: 600 },
  { name: 'RunTask', ph: 'X', pid: 1, tid: MAIN, ts: 1001, dur: 598 },
  { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 1, tid: MAIN, ts: 2000, dur: 400 },
  { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 1, tid: 8, ts: 2000, dur: 5000 },
];
const isRecorder = (url: string) => url.endsWith('/einblick-recorder.js');

test('recorder time is charged per task, frames it calls included, the page\'s own script not', () => {
  // Samples at 1000 (page), 1100 (recorder), 1200 (recorder -> page fn), 1300 (page), 1600 idle, 2000 (recorder), 2200 (idle), 2400 idle.
  const shares = recorderShares(trace([2, 3, 4, 2, 5, 3, 5, 5], [0, 100, 100, 100, 300, 400, 200, 200]) as never, isRecorder);
  assert.deepEqual(shares.map((s) => Math.round(s.taskMs * 1000)), [600, 400], 'two top-level tasks on the recorder\'s thread');
  assert.deepEqual(shares.map((s) => Math.round(s.recorderMs * 1000)), [200, 200]);
});

test('a sample is never charged past the end of its task', () => {
  // The recorder sample at 2000 is followed by the next one only at 3000, after task B ended at 2400.
  const shares = recorderShares(trace([2, 5, 3, 5], [0, 600, 400, 1000]) as never, isRecorder);
  assert.deepEqual(shares.map((s) => Math.round(s.recorderMs * 1000)), [0, 400]);
});

test('a trace without recorder frames has no recorder tasks', () => {
  assert.deepEqual(recorderShares(trace([2, 2], [0, 100]) as never, isRecorder), []);
});
