// Rage and dead clicks are flagged where they happen, and normal clicks are not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { untilRecording } from '../helpers/recording.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

/**
 * A short dead window, a rage window wide enough for a loaded machine's clicks, and no
 * chunk cut before the page is left: a click cut into a chunk before its verdict would
 * keep its flags unset (recorder/frustration.ts), so no cut may race the verdicts.
 */
const TIMINGS = { deadMs: 300, rageMs: 2000, draftMs: 60_000, chunkMs: 600_000 };

/**
 * Returns once the recorder's dead-click timers for the clicks so far have fired: a
 * timer the page sets later with a longer delay runs after them (HTML timer order).
 */
const afterDeadVerdicts = (page: Page) => page.evaluate((ms) => new Promise((resolve) => setTimeout(resolve, ms)), TIMINGS.deadMs + 50);

test('hammering a button that does nothing is rage and dead; a working button is neither', async () => {
  const { context, page } = await world.open('frustration', { 'test-timings': JSON.stringify(TIMINGS) });
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await untilRecording(page);
  await page.click('#working');
  await afterDeadVerdicts(page);
  for (let i = 0; i < 4; i++) await page.click('#broken', { delay: 20 });
  await afterDeadVerdicts(page);
  await page.click('#working');
  await afterDeadVerdicts(page);
  await page.goto('about:blank');
  const id = (await eventually('the clicks', async () => (await world.server.store.sessions.listSessions({ limit: 5 })).sessions.find((s) => s.clicks >= 6)))!.id;
  const clicks = (await world.server.store.sessions.sessionDetail(id))!.clickList;
  const broken = clicks.filter((c) => c.selector.includes('#broken'));
  const working = clicks.filter((c) => c.selector.includes('#working'));
  assert.equal(broken.length, 4);
  assert.ok(broken.every((c) => c.rage), 'four clicks in a burst on one spot are rage clicks');
  assert.ok(broken.every((c) => c.dead), 'nothing happened after them: dead clicks');
  assert.equal(working.length, 2);
  assert.ok(working.every((c) => !c.rage && !c.dead), 'a click that changes the page is neither');
  await context.close();
});
