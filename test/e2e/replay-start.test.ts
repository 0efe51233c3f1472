// A replay's first requests are started by the HTML (server/viewer-page.ts), and the
// viewer takes over those responses: each is asked for once, the replay plays from
// them, and the viewing leaves one audit row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { storeSyntheticSession } from '../helpers/synthetic-session.ts';

let server: TestServer;
let browser: Browser;
before(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser.close();
  await server.close();
});

test('the session, its first segment and the sign-in check are preloaded by the page and used by the viewer, each requested once', async () => {
  const s = storeSyntheticSession(server.store, 'demo', { id: 'e2e-preload', minutes: 6, checkoutEveryMin: 3, products: 40 });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.request.post(server.url + '/api/v1/auth/login', { data: { token: ADMIN_TOKEN } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => r.url().includes('/api/') && requested.push(new URL(r.url()).pathname + new URL(r.url()).search));
  const preloadWarnings: string[] = [];
  page.on('console', (m) => /preload/i.test(m.text()) && preloadWarnings.push(m.text()));

  await page.goto(`${server.url}/viewer/sessions/${s.id}`);
  await page.waitForFunction(() => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === '00:00');
  // The rest of the session streams in after the first frame: wait for its last segment.
  await page.waitForFunction((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes('/events?from=')).length >= n, s.checkouts.length);

  const first = [`/api/v1/sessions/${s.id}/events?from=0`, `/api/v1/sessions/${s.id}`, '/api/v1/auth/me'];
  for (const url of first) assert.equal(requested.filter((u) => u === url).length, 1, `${url} once: ${requested.join(' ')}`);
  const initiators = await page.evaluate((urls) => urls.map((u) => (performance.getEntriesByName(location.origin + u)[0] as PerformanceResourceTiming | undefined)?.initiatorType), first);
  assert.deepEqual(initiators, ['link', 'link', 'link'], 'the responses the viewer used are the ones the page preloaded');
  assert.deepEqual(preloadWarnings, [], 'no preload went unused');
  // Dates are written just after the first frame (viewer/late-date.ts), but written.
  const started = page.locator('.session-panel time').first();
  assert.equal(await started.getAttribute('datetime'), new Date(s.startedAt).toISOString());
  await page.waitForFunction(() => /\d/.test(document.querySelector('.session-panel time')?.textContent ?? ''));
  assert.match((await page.locator('.subtitle').textContent()) ?? '', /^\/ · .*\d/, 'the subtitle names the entry page and when');
  assert.equal(server.store.listAudit({ limit: 100 }).filter((r) => r.action === 'replay.read').length, 1, 'one viewing, one audit row');
  await context.close();
});
