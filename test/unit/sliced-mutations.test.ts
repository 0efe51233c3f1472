// The sliced serialization of big mutation bursts that recorder/build/rrweb-unused.mjs patches
// into rrweb (its "slices" and "snapshot supersedes" changes), tested through what rrweb emits:
// the patched record alone on a blank page in Chromium, its events replayed without a browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.ts';
import { patchedRrwebBundle } from '../helpers/patched-rrweb.ts';
import { replayDom, type ReplayEvent, type ReplayNode } from '../helpers/replay-dom.ts';

// Far over the 1,000-node threshold, and far more than one 10 ms slice can serialize.
const BURST = 5_000;

let browser: Browser;
let bundle: string;
before(async () => {
  [browser, bundle] = await Promise.all([launchBrowser(), patchedRrwebBundle()]);
});
after(() => browser?.close());

interface PageApi {
  rrwebRecord: ((o: { emit(e: unknown): void }) => void) & { finishMutations(): void; takeFullSnapshot(isCheckout?: boolean): void };
  events: ReplayEvent[];
  timers: number;
  /** Inserts `n` list items (each with a text) before #marker, in one task. */
  burst(n: number): void;
  /** Resolves after `n` more of the page's own timer tasks. */
  tasks(n: number): Promise<void>;
}

async function recordingPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="list"><p id="marker">end</p></div></body></html>');
  await page.addScriptTag({ content: bundle });
  // A script, not a function: tsx would wrap named functions in a helper the page lacks.
  await page.addScriptTag({
    content: `
      window.events = [];
      // Tasks rrweb asks for (its slices are timer tasks): nothing else on this page sets timers.
      window.timers = 0;
      const setTimeoutOfPage = window.setTimeout;
      window.setTimeout = function (...args) { window.timers++; return setTimeoutOfPage.apply(this, args); };
      window.burst = function (n) {
        const items = document.createDocumentFragment();
        for (let i = 0; i < n; i++) {
          const li = document.createElement('li');
          li.textContent = 'row ' + i;
          items.append(li);
        }
        document.getElementById('list').insertBefore(items, document.getElementById('marker'));
      };
      window.tasks = async function (n) { for (let i = 0; i < n; i++) await new Promise((r) => setTimeoutOfPage(r)); };
      window.rrwebRecord({ emit: (e) => window.events.push(e) });
    `,
  });
  return page;
}

/** Adds #after to the page and waits for its mutation: whatever rrweb had pending went out before it. */
async function afterMarker(page: Page): Promise<ReplayEvent[]> {
  await page.evaluate(() => { const p = document.createElement('p'); p.id = 'after'; document.body.append(p); });
  await page.waitForFunction(() => (window as unknown as PageApi).events.some((e) => (e.data.adds ?? []).some((a) => a.node.attributes?.id === 'after')));
  return events(page);
}

// As JSON: Playwright's own serialization of 10,000 nested adds takes seconds.
const events = async (page: Page): Promise<ReplayEvent[]> => JSON.parse(await page.evaluate(() => JSON.stringify((window as unknown as PageApi).events)));
const isMutation = (e: ReplayEvent) => e.type === 3 && e.data.source === 0;
const addsOf = (e: ReplayEvent) => (isMutation(e) ? (e.data.adds ?? []).length : 0);
const items = (list: ReplayNode | undefined) => (list?.childNodes ?? []).filter((n) => n.tagName === 'li');

test('a burst is serialized in tasks of its own and emitted whole, as one mutation', async () => {
  const page = await recordingPage();
  const atEnd = await page.evaluate(async (n) => {
    const w = window as unknown as PageApi;
    w.burst(n);
    const timersAtBurst = w.timers;
    await Promise.resolve(); // rrweb's MutationObserver callback has run (a microtask queued before this one)
    const mutationsNow = w.events.filter((e) => e.type === 3 && e.data.source === 0).length;
    return { timersAtBurst, mutationsNow };
  }, BURST);
  assert.equal(atEnd.mutationsNow, 0, 'the page task that made the burst did not serialize it');
  await page.waitForFunction(() => (window as unknown as PageApi).events.some((e) => e.type === 3 && e.data.source === 0 && (e.data.adds ?? []).length > 0));
  const all = await events(page);
  const bursts = all.filter((e) => addsOf(e) > 0);
  assert.equal(bursts.length, 1, 'the replay never shows a half-drawn burst');
  assert.equal(bursts[0]!.data.adds!.length, BURST * 2, 'every item and its text, once');
  // 10,000 nodes take far more than one 10 ms slice: the page got the main thread back in between.
  const slices = (await page.evaluate(() => (window as unknown as PageApi).timers)) - atEnd.timersAtBurst;
  assert.ok(slices >= 2, `serialized in ${slices} task(s): slicing takes at least 2`);
  const replay = replayDom(all);
  assert.deepEqual(replay.faults, []);
  const list = replay.byId('list');
  assert.equal(items(list).length, BURST);
  assert.equal(list!.childNodes!.at(-1)!.attributes!.id, 'marker', 'the items went before the marker');
  await page.close();
});

test('removing the node a done slice was placed by, mid-burst, still replays to the right DOM', async () => {
  const page = await recordingPage();
  const midBurst = await page.evaluate(async (n) => {
    const w = window as unknown as PageApi;
    w.burst(n);
    await w.tasks(2); // the first slice (placed by #marker: the last item's next sibling) is done
    const emitted = w.events.some((e) => e.type === 3 && e.data.source === 0 && (e.data.adds ?? []).length > 0);
    document.getElementById('marker')!.remove();
    return !emitted;
  }, BURST);
  assert.ok(midBurst, 'the marker was removed while the burst was still being serialized');
  const all = await afterMarker(page);
  const replay = replayDom(all);
  assert.deepEqual(replay.faults, [], 'no add placed before a node the replay no longer has');
  const list = replay.byId('list');
  assert.equal(items(list).length, BURST);
  assert.equal(replay.byId('marker'), undefined);
  await page.close();
});

test('a page hidden mid-burst has it finished in that task, and emitted once', async () => {
  const page = await recordingPage();
  const inTask = await page.evaluate(async (n) => {
    const w = window as unknown as PageApi;
    w.burst(n);
    await w.tasks(1);
    const before = w.events.filter((e) => e.type === 3 && e.data.source === 0 && (e.data.adds ?? []).length > 0).length;
    w.rrwebRecord.finishMutations(); // what recorder/capture.ts calls on pagehide and when hidden
    const afterFinish = w.events.filter((e) => e.type === 3 && e.data.source === 0 && (e.data.adds ?? []).length > 0).length;
    return { before, afterFinish };
  }, BURST);
  assert.deepEqual(inTask, { before: 0, afterFinish: 1 });
  const all = await afterMarker(page);
  assert.equal(all.filter((e) => addsOf(e) >= BURST).length, 1, 'the timer of the interrupted slicing did not emit it again');
  const replay = replayDom(all);
  assert.deepEqual(replay.faults, []);
  assert.equal(items(replay.byId('list')).length, BURST);
  await page.close();
});

test('a full snapshot supersedes a pending burst: it is in the snapshot, not sent again', async () => {
  const page = await recordingPage();
  await page.evaluate(async (n) => {
    const w = window as unknown as PageApi;
    w.burst(n);
    await w.tasks(1);
    w.rrwebRecord.takeFullSnapshot(true);
  }, BURST);
  const all = await afterMarker(page);
  const snapshots = all.filter((e) => e.type === 2);
  assert.equal(snapshots.length, 2);
  assert.equal(all.filter((e) => addsOf(e) > 1000).length, 0, 'the burst was not serialized on top of the snapshot');
  const fromSnapshot = replayDom([snapshots[1]!]);
  assert.equal(items(fromSnapshot.byId('list')).length, BURST);
  const replay = replayDom(all);
  assert.deepEqual(replay.faults, []);
  assert.equal(items(replay.byId('list')).length, BURST);
  await page.close();
});
