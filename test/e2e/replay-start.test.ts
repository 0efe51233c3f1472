// A replay's first requests are started by the HTML (server/http/viewer-page.ts), and the
// viewer takes over those responses: each is asked for once, the replay plays from
// them, and the viewing leaves one audit row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { clockText, storeSyntheticSession } from '../helpers/synthetic-session.ts';

const env = useServerAndBrowser();

test('the session, its first segment and the sign-in check are preloaded by the page and used by the viewer, each requested once', async () => {
  const s = await storeSyntheticSession(env.server.store, 'demo', { id: 'e2e-preload', minutes: 6, checkoutEveryMin: 3, products: 40 });
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.request.post(env.server.url + '/api/v1/auth/login', { data: { token: ADMIN_TOKEN } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => r.url().includes('/api/') && requested.push(new URL(r.url()).pathname + new URL(r.url()).search));
  const preloadWarnings: string[] = [];
  page.on('console', (m) => /preload/i.test(m.text()) && preloadWarnings.push(m.text()));

  await page.goto(`${env.server.url}/viewer/sessions/${s.id}`);
  await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === '00:00');
  // The rest streams in after the first frame: the first segment whole, then the second.
  await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/events?from=')).length >= n, s.checkouts.length + 1);

  const head = `/api/v1/sessions/${s.id}/events?from=0&until=0`;
  const first = [head, `/api/v1/sessions/${s.id}`, '/api/v1/auth/me'];
  for (const url of first) assert.equal(requested.filter((u) => u === url).length, 1, `${url} once: ${requested.join(' ')}`);
  const initiators = await page.evaluate((urls) => urls.map((u) => (performance.getEntriesByName(location.origin + u)[0] as PerformanceResourceTiming | undefined)?.initiatorType), first);
  assert.deepEqual(initiators, ['link', 'link', 'link'], 'the responses the viewer used are the ones the page preloaded');
  assert.deepEqual(preloadWarnings, [], 'no preload went unused');
  const sizes = await page.evaluate(() => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/events?from=')).map((e) => e.decodedBodySize));
  assert.ok(sizes[0]! * 3 < sizes[1]!, `the first frame waited for the head only: ${sizes.join(', ')} bytes`);

  // A moment in the first segment after its head, which came with the segment's second answer.
  await page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.rr-progress')!;
    const r = bar.getBoundingClientRect();
    bar.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: r.left + r.width * (122 / 360), clientY: r.top + r.height / 2 }));
  });
  const shown = (await page.locator('.rr-timeline__time').first().textContent()) ?? '';
  const [m, sec] = shown.split(':').map(Number);
  const clock = clockText(((m ?? 0) * 60 + (sec ?? 0)) * 1000);
  await page.waitForFunction((want) => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === want, clock);
  assert.match(clock, /^02:0\d$/);
  assert.equal(await page.frameLocator('.rr-player iframe').locator('.toast').count(), 1, 'the toast added at 2:00 shows');

  // Dates are written just after the first frame (viewer/pages/replay/late-date.ts), but written.
  const started = page.locator('.session-panel time').first();
  assert.equal(await started.getAttribute('datetime'), new Date(s.startedAt).toISOString());
  await page.waitForFunction(() => /\d/.test(document.querySelector('.session-panel time')?.textContent ?? ''));
  assert.match((await page.locator('.subtitle').textContent()) ?? '', /^\/ · .*\d/, 'the subtitle names the entry page and when');
  assert.equal((await env.server.store.audit.listAudit({ limit: 100 })).filter((r) => r.action === 'replay.read').length, 1, 'one viewing, one audit row');
  await context.close();
});

test('signing in on a replay link replays it: what the page preloaded while signed out is not used', async () => {
  const s = await storeSyntheticSession(env.server.store, 'demo', { id: 'e2e-preload-login', minutes: 4, checkoutEveryMin: 3, products: 40 });
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/viewer/sessions/${s.id}`);
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === '00:00');
  assert.equal(await page.locator('.notice--error, [role="alert"]:not(:empty)').count(), 0, 'no error shown');
  await context.close();
});
