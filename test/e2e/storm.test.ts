// Big DOM changes are serialized in slices, in tasks of their own, and sent only once
// whole; in a mutation storm (a 1,000-row table re-rendered 40 times, frame after frame)
// each rewrite overtakes the last, and what goes out is the table as it ended. Either
// way the replay must end on the page as it was, with no mutation naming a node the
// replay does not have.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { replayDom, replayText, type ReplayEvent, type ReplayNode } from '../helpers/replay-dom.ts';

let world: World;
// Balanced privacy keeps the table's text, so the replay can be read against the page.
before(async () => (world = await createWorld({ privacy: 'balanced' })));
after(() => world.close());

type Event = ReplayEvent & { data: { tag?: string } };

const rowsOf = (events: ReplayEvent[]) => {
  const dom = replayDom(events);
  const rows = dom.byId('rows')?.childNodes ?? [];
  const firstCell = (row?: ReplayNode) => row?.childNodes?.[0] && replayText(row.childNodes[0]);
  return { faults: dom.faults, count: rows.length, first: firstCell(rows[0]), last: firstCell(rows.at(-1)) };
};

test('a 10,000-node re-render and a storm of 40 replay to the table as it was, nothing half-drawn uploaded', async () => {
  // Chunks cut every second (data-test-timings) instead of every 10 s: the waits below are for uploads.
  const { context, page } = await world.open('mutations', { privacy: 'balanced', 'test-timings': JSON.stringify({ draftMs: 500, chunkMs: 1000 }) });
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await page.waitForFunction(() => '__einblickBoot' in window && document.readyState === 'complete');
  await page.evaluate(() => (window as unknown as { render(round: number): void }).render(7)); // one burst: 9,000 adds, 1,000 removes
  // Its slices run in timer tasks of their own. An idle callback is no sign they are all
  // done: Chromium runs idle tasks in the gaps between timer tasks, and on a busy machine
  // the mark below then went out before the burst (the replay showed render #0 at it).
  // The burst is done when it has reached the server (in the next chunk cut).
  const session = await eventually('the recorded session', async () => (await world.server.store.sessions.listSessions({ limit: 5 })).sessions[0], 30_000);
  await eventually('the burst uploaded', async () => {
    const list = (await (await world.server.api(`/api/v1/sessions/${session.id}/events`)).json()) as Event[];
    return rowsOf(list).first === '#7-0';
  }, 30_000);
  await page.evaluate(() => (window as unknown as { einblick: { track(name: string): void } }).einblick.track('storm'));
  await page.evaluate(() => (window as unknown as { runWorkload(): Promise<void> }).runWorkload());
  // The page stays open: the table's last state goes out with the next chunk cut.
  const events = await eventually('its events up to the end of the storm', async () => {
    const list = (await (await world.server.api(`/api/v1/sessions/${session.id}/events`)).json()) as Event[];
    return rowsOf(list).first === '#40-0' ? list : null;
  }, 20_000);
  const storm = events.findIndex((e) => e.type === 5 && e.data.tag === 'track');
  assert.ok(storm > 0, "the test's own mark before the storm");
  const burst = rowsOf(events.slice(0, storm));
  assert.deepEqual(burst, { faults: [], count: 1000, first: '#7-0', last: '#7-999' }, 'the single burst replays whole');
  const end = rowsOf(events);
  assert.deepEqual(end, { faults: [], count: 1000, first: '#40-0', last: '#40-999' }, 'the replay ends on the table as it ended');
  // Held, not uploaded rewrite by rewrite: 40 re-renders would be 360,000 added nodes.
  const added = events.filter((e) => e.type === 3 && e.data.source === 0).reduce((n, e) => n + (e.data.adds?.length ?? 0), 0);
  assert.ok(added < 100_000, `${added} added nodes uploaded`);
  assert.equal(events.filter((e) => e.type === 2).length, 1, 'no snapshot was needed to catch up');
  await context.close();
});

/**
 * The events of stored chunks in seq order. A burst held until the page was hidden can
 * come out as one event over a megabyte (on a busy machine rrweb's slices fall behind),
 * which the recorder sends in parts: their texts are joined back, as the server does.
 */
async function eventsOf(session: string, data: Buffer[]): Promise<Event[]> {
  const parts = new Map((await world.server.store.sessions.chunkList(session)).map((c) => [c.seq, c]));
  const events: Event[] = [];
  let partial = '';
  data.forEach((d, seq) => {
    const text = gunzipSync(d).toString('utf8');
    const ref = parts.get(seq);
    if (ref?.partIndex == null) return void events.push(...(JSON.parse(text) as Event[]));
    partial += text;
    if (ref.partIndex === ref.partCount! - 1) (events.push(JSON.parse(partial) as Event), (partial = ''));
  });
  return events;
}

test('a burst whose place changes while it is serialized, and one pending as the page is hidden, replay right', async () => {
  const { context, page } = await world.open('mutations', { privacy: 'balanced' });
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await page.waitForFunction(() => '__einblickBoot' in window && document.readyState === 'complete');
  await page.evaluate(() => {
    const list = document.body.appendChild(document.createElement('ul'));
    list.id = 'list';
    list.appendChild(document.createElement('li')).id = 'sentinel';
  });
  // 4,000 items go in before the sentinel, which is removed after their first slice: the
  // page's timer, set before rrweb's, sets another, which runs after rrweb's first slice.
  await page.evaluate(() => new Promise((done) => {
    const list = document.getElementById('list')!;
    for (let i = 0; i < 4000; i++) list.insertBefore(document.createElement('li'), document.getElementById('sentinel')).textContent = `item ${i}`;
    setTimeout(() => setTimeout(() => done(document.getElementById('sentinel')!.remove())));
  }));
  await page.evaluate(() => new Promise((done) => requestIdleCallback(done)));
  const seqBefore = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session')!) as { seq: number }).seq);
  // 2,000 more, and the tab is hidden before any slice of theirs ran.
  await page.evaluate(async () => {
    const list = document.getElementById('list')!;
    for (let i = 4000; i < 6000; i++) list.appendChild(document.createElement('li')).textContent = `item ${i}`;
    await Promise.resolve(); // rrweb's observer has noted them, its first slice is still to come
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  const seqHidden = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session')!) as { seq: number }).seq);
  assert.ok(seqHidden > seqBefore, 'hiding the page cut a chunk');
  // This page's own session: the newest listed may still be the previous test's while this one's first chunk is on its way.
  const sessionId = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session')!) as { id: string }).id);
  const session = await eventually('the recorded session', () => world.server.store.sessions.sessionSummary(sessionId), 30_000);
  // Only the chunks cut by the time the page was hidden (a later one may follow): the second burst must be in them.
  const seqs = Array.from({ length: seqHidden }, (_, seq) => seq);
  const events = await eventually('the chunks cut as the page was hidden', async () => {
    const data = await Promise.all(seqs.map((seq) => world.server.store.sessions.chunkData(session.id, seq)));
    return data.every((d) => d !== null) ? await eventsOf(session.id, data as Buffer[]) : null;
  }, 20_000);
  const dom = replayDom(events);
  const list = dom.byId('list')?.childNodes ?? [];
  assert.deepEqual(dom.faults, [], 'no mutation names a node the replay does not have');
  assert.equal(dom.byId('sentinel'), undefined, 'the sentinel is gone');
  assert.equal(list.length, 6000, 'every item replays, the pending burst too');
  assert.deepEqual([replayText(list[0]!), replayText(list[3999]!), replayText(list[5999]!)], ['item 0', 'item 3999', 'item 5999']);
  await context.close();
});
