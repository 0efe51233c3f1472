// Rage and dead clicks are flagged where they happen, and normal clicks are not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

test('hammering a button that does nothing is rage and dead; a working button is neither', async () => {
  const { context, page } = await world.open('frustration');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await page.waitForTimeout(300);
  await page.click('#working');
  await page.waitForTimeout(1200);
  for (let i = 0; i < 4; i++) await page.click('#broken', { delay: 20 });
  await page.waitForTimeout(1500); // the dead-click verdict takes a second
  await page.click('#working');
  await page.waitForTimeout(1200);
  await page.goto('about:blank');
  const id = (await eventually('the clicks', () => world.server.store.listSessions({ limit: 5 }).sessions.find((s) => s.clicks >= 6)))!.id;
  const clicks = world.server.store.sessionDetail(id)!.clickList;
  const broken = clicks.filter((c) => c.selector.includes('#broken'));
  const working = clicks.filter((c) => c.selector.includes('#working'));
  assert.equal(broken.length, 4);
  assert.ok(broken.every((c) => c.rage), 'four clicks in a burst on one spot are rage clicks');
  assert.ok(broken.some((c) => c.dead), 'nothing happened after them: dead clicks');
  assert.equal(working.length, 2);
  assert.ok(working.every((c) => !c.rage && !c.dead), 'a click that changes the page is neither');
  await context.close();
});
