// The first thing a new user does: open /demo, accept, use it, and find the visit stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { eventually, startTestServer, type TestServer } from '../helpers/server.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { storedText } from '../helpers/stored-bytes.ts';

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

test('the demo shop records a consenting visitor, masked, on the demo site', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(server.url + '/demo');
  assert.equal(response?.status(), 200);
  await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
  await page.click('#add-2');
  await page.click('#nav-account');
  await page.fill('#email', 'demo.visitor@example.com');
  await page.fill('#password', 'demo-password-123');
  await page.click('#account-submit');
  await page.getByText('Welcome aboard').waitFor();
  // Paying is what the demo's NPS survey waits for (demo.js tracks 'payment_submitted').
  await page.click('#nav-checkout');
  await page.click('#pay');
  await page.getByRole('dialog', { name: 'How likely are you to recommend Nordlicht Outdoor to a friend?' }).waitFor();
  await page.goto('about:blank');
  const demo = server.store.siteByKey('demo')!;
  const session = await eventually('the demo visit', () => server.store.listSessions({ siteId: demo.id, limit: 5 }).sessions.find((s) => s.pages >= 2));
  assert.equal(session.site, 'demo');
  const stored = storedText(server);
  assert.ok(stored.includes('Nordlicht Outdoor'), 'the unmasked shop name is in the recording');
  for (const secret of ['demo.visitor@example.com', 'demo-password-123', 'service@nordlicht.example', 'DE89 3704']) {
    assert.ok(!stored.includes(secret), `${secret} is not stored`);
  }
  await context.close();
});
