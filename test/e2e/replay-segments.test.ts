// A long session opens on its first segment with the whole session on the timeline,
// loads the rest in the background, and a far seek shows that moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { clockText, storeSyntheticSession } from '../helpers/synthetic-session.ts';

const env = useServerAndBrowser();

const clock = (page: Page) => page.frameLocator('.rr-player iframe').locator('#clock');

test('a 12-minute session replays from its first segment, streams the rest, and seeks far', async () => {
  const s = await storeSyntheticSession(env.server.store, 'demo', { id: 'e2e-long', minutes: 12, checkoutEveryMin: 3, products: 40 });
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.request.post(env.server.url + '/api/v1/auth/login', { data: { token: ADMIN_TOKEN } });
  const page = await context.newPage();
  const loads: string[] = [];
  page.on('request', (r) => r.url().includes('/events') && loads.push(new URL(r.url()).search));

  await page.goto(`${env.server.url}/viewer/sessions/${s.id}`);
  await clock(page).waitFor({ state: 'attached' });
  assert.equal(await clock(page).textContent(), '00:00');
  assert.equal(loads[0], '?from=0&until=0', 'the first request asks for the first segment’s head only');
  assert.match((await page.locator('.rr-timeline__time').nth(1).textContent()) ?? '', /^11:59$/, 'the timeline spans the whole session');
  // A far seek at once, before the background has got there: the segment's head up to that moment comes first.
  await page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.rr-progress')!;
    const r = bar.getBoundingClientRect();
    bar.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: r.left + r.width * (7.3 / 12), clientY: r.top + r.height / 2 }));
  });
  const [m, sec] = ((await page.locator('.rr-timeline__time').first().textContent()) ?? '').split(':').map(Number);
  const want = clockText(((m ?? 0) * 60 + (sec ?? 0)) * 1000);
  await page.waitForFunction((w) => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === w, want);
  assert.match(want, /^07:[12]0$/);

  // The rest arrives in the background: one request per remaining segment, none for the whole stream.
  await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/events?from=')).length >= n, s.checkouts.length);
  assert.ok(loads.every((q) => q.startsWith('?from=')), `only segments were fetched: ${loads.join(' ')}`);

  // A far seek through the opening link: the replay shows that moment's clock.
  await page.goto(`${env.server.url}/viewer/sessions/${s.id}?t=${10 * 60_000 + 15_000}`);
  await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === '10:10');
  assert.equal(await clock(page).textContent(), clockText(10 * 60_000 + 15_000));
  await context.close();
});
