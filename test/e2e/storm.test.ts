// A mutation storm (a 1,000-row table re-rendered 40 times, frame after frame) is not
// uploaded rewrite by rewrite: the replay gets a marker and one fresh snapshot of the result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

type Node = { tagName?: string; attributes?: Record<string, string>; childNodes?: Node[] };
type Event = { type: number; data: { source?: number; adds?: unknown[]; tag?: string; node?: Node } };

function find(node: Node, id: string): Node | null {
  if (node.attributes?.id === id) return node;
  for (const child of node.childNodes ?? []) {
    const hit = find(child, id);
    if (hit) return hit;
  }
  return null;
}

test('a mutation storm is replaced by one snapshot of the page after it', async () => {
  const { context, page } = await world.open('mutations');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await page.waitForFunction(() => '__einblickBoot' in window && document.readyState === 'complete');
  await page.waitForTimeout(500);
  await page.evaluate(() => (window as unknown as { runWorkload(): Promise<void> }).runWorkload());
  await page.waitForTimeout(1500); // quiet: the storm's snapshot is taken
  await page.goto('about:blank');
  const session = await eventually('the recorded session', () => world.server.store.listSessions({ limit: 5 }).sessions[0]);
  const events = await eventually('its events with the snapshot after the storm', async () => {
    const list = (await (await world.server.api(`/api/v1/sessions/${session.id}/events`)).json()) as Event[];
    const storm = list.findIndex((e) => e.type === 5 && e.data.tag === 'einblick:storm');
    return storm >= 0 && list.slice(storm).some((e) => e.type === 2) ? list : null;
  });
  const storm = events.findIndex((e) => e.type === 5 && e.data.tag === 'einblick:storm');
  const big = events.filter((e) => e.type === 3 && e.data.source === 0 && (e.data.adds?.length ?? 0) >= 9000);
  const after = events.slice(storm).filter((e) => e.type === 2);
  // The first second's 10,000 nodes stream; then only snapshots (one every 2 s while it rages, one once quiet).
  assert.ok(big.length >= 1 && big.length <= 3, `${big.length} of the 40 re-renders were uploaded`);
  assert.ok(after.length >= 1 && after.length < 40, `${after.length} snapshots replaced the storm`);
  const last = after[after.length - 1]!;
  const rows = find(last.data.node!, 'rows');
  assert.equal(rows?.childNodes?.length, 1000, 'the snapshot after the storm holds the table as it ended');
  await context.close();
});
