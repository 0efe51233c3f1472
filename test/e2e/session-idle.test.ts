// A tab's session ends after it was idle for the session timeout (30 minutes; shortened
// here with data-test-timings): the next page load starts a new session, one sooner continues it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { untilRecording } from '../helpers/recording.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

const IDLE_MS = 1500;
const session = (page: Page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { id: string; seq: number });

test('a page load after the idle timeout starts a new session; one before it continues the session', async () => {
  const attrs = { 'test-timings': JSON.stringify({ idleMs: IDLE_MS }) };
  const { context, page } = await world.open('shop', attrs);
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await untilRecording(page);
  const first = await session(page);
  await page.reload();
  await untilRecording(page);
  const again = await session(page);
  assert.equal(again.id, first.id, 'back at once: the same session');
  assert.ok(again.seq > first.seq, 'its chunks numbered on');
  // Idle: no input, so no chunk, for longer than the timeout (timed by the page, whose clock the recorder reads).
  await page.evaluate((ms) => new Promise((resolve) => setTimeout(resolve, ms)), IDLE_MS + 200);
  await page.reload();
  await untilRecording(page);
  const fresh = await session(page);
  assert.notEqual(fresh.id, first.id, 'after the timeout: a new session');
  await eventually('both sessions stored', async () => await world.server.store.sessions.sessionSummary(first.id) && await world.server.store.sessions.sessionSummary(fresh.id));
  await context.close();
});
