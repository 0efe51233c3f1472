import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';
import { isMaskedText } from '../../contract/mask-text.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

test('a researcher signs in, finds the session in the list and replays the recorded page', async () => {
  const visit = await world.open('shop', {}, { viewport: { width: 1280, height: 720 } });
  await visit.page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await visit.page.click('#buy');
  await visit.page.mouse.wheel(0, 900);
  await visit.page.waitForTimeout(1200);
  await visit.page.click('#spa');
  await visit.page.goto('about:blank');
  const siteId = (await world.server.store.sites.siteByKey(world.siteKey))!.id;
  const session = await eventually('the session with two page views', async () =>
    (await world.server.store.sessions.listSessions({ siteId, limit: 5 })).sessions.find((s) => s.pages === 2),
  );
  await visit.context.close();

  const context = await world.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const csp: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && csp.push(m.text()));
  const response = await page.goto(world.server.url + '/viewer/');
  assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const row = page.locator(`[data-session-id="${session.id}"]`);
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /desktop/i);
  assert.match(rowText, /1280×720/);
  assert.match(rowText, /\/shop/);
  const cookies = await context.cookies();
  const login = cookies.find((c) => c.name === 'einblick_login');
  assert.ok(login?.httpOnly && login.sameSite === 'Strict', 'the login cookie is HttpOnly and SameSite=Strict');

  await row.locator('a').first().click();
  await page.waitForURL(`**/viewer/sessions/${session.id}`);
  const frame = page.frameLocator('.rr-player iframe');
  await frame.locator('#welcome').waitFor({ state: 'attached' });
  assert.equal(await frame.locator('#welcome').textContent(), 'Welcome to Testshop');
  assert.equal(await frame.locator('#plain').textContent().then((t) => isMaskedText(t ?? '')), true, 'strict-masked text is replayed masked');
  const sandbox = await page.locator('.rr-player iframe').getAttribute('sandbox');
  assert.ok(sandbox !== null && !sandbox.includes('allow-scripts'), 'the replay iframe runs no recorded script');
  assert.equal(await page.locator('.timeline__page').count(), 2, 'both page views are on the timeline');
  assert.ok((await page.locator('.timeline__click').count()) >= 2, 'clicks are on the timeline');
  assert.deepEqual(csp, []);

  // A link to a moment (as heatmaps give for rage and dead clicks) opens the replay there.
  await page.goto(`${world.server.url}/viewer/sessions/${session.id}?t=1100`);
  await page.frameLocator('.rr-player iframe').locator('#welcome').waitFor({ state: 'attached' });
  const shown = await page.locator('.rr-timeline__time').first().textContent();
  assert.match(shown ?? '', /00:01/, `the player starts 1.1 s in (shows ${shown})`);
  await context.close();
});
