// Big DOM changes are serialized in slices, in tasks of their own, and sent only once
// whole; in a mutation storm (a 1,000-row table re-rendered 40 times, frame after frame)
// each rewrite overtakes the last, and what goes out is the table as it ended. Either
// way the replay must end on the page as it was, with no mutation naming a node the
// replay does not have.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
  const { context, page } = await world.open('mutations', { privacy: 'balanced' });
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await page.waitForFunction(() => '__einblickBoot' in window && document.readyState === 'complete');
  await page.waitForTimeout(500);
  await page.evaluate(() => (window as unknown as { render(round: number): void }).render(7)); // one burst: 9,000 adds, 1,000 removes
  await page.waitForTimeout(1200);
  await page.evaluate(() => (window as unknown as { einblick: { track(name: string): void } }).einblick.track('storm'));
  await page.evaluate(() => (window as unknown as { runWorkload(): Promise<void> }).runWorkload());
  const session = await eventually('the recorded session', () => world.server.store.listSessions({ limit: 5 }).sessions[0]);
  // The page stays open: the table's last state goes out with the next chunk (every 5 s).
  const events = await eventually('its events up to the end of the storm', async () => {
    const list = (await (await world.server.api(`/api/v1/sessions/${session.id}/events`)).json()) as Event[];
    return rowsOf(list).first === '#40-0' ? list : null;
  }, 20_000);
  const storm = events.findIndex((e) => e.type === 5 && e.data.tag === 'track');
  assert.ok(storm > 0, 'the storm is marked');
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
