// A researcher's view of a recorded visit: the viewer signed in, the session's
// replay open, the recorded document in rrweb-player's iframe.
import type { Frame, Page } from 'playwright-core';
import type { World } from './world.ts';
import { ADMIN_TOKEN, eventually } from './server.ts';

/** Waits for the visit's session (its page views on `path`), opens its replay; returns the replay's document frame. */
export async function openReplay(world: World, path: string, viewport = { width: 1400, height: 900 }): Promise<{ page: Page; frame: Frame; close(): Promise<void> }> {
  const siteId = (await world.server.store.sites.siteByKey(world.siteKey))!.id;
  const session = await eventually(`a session on ${path}`, async () =>
    (await world.server.store.sessions.listSessions({ siteId, limit: 50 })).sessions.find((s) => JSON.stringify(s).includes(path)),
  );
  const context = await world.browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(world.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.goto(`${world.server.url}/viewer/sessions/${session.id}`);
  const iframe = page.locator('.rr-player iframe');
  await iframe.waitFor({ state: 'attached' });
  const frame = (await (await iframe.elementHandle())!.contentFrame())!;
  return { page, frame, close: () => context.close() };
}
