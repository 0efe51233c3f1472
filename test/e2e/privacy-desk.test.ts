import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

type Einblick = { consent: { grant(): void }; identify(id: string): void };

async function createToken(role: 'privacy' | 'researcher', label: string): Promise<string> {
  const res = await world.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role, label }) });
  assert.equal(res.status, 201);
  return ((await res.json()) as { token: string }).token;
}

async function signIn(token: string): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(world.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.app-header').waitFor();
  return page;
}

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test('a privacy officer finds an identified visitor, exports everything, erases it with a receipt, and the audit trail shows it', async () => {
  const visit = await world.open('shop');
  await visit.page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.grant());
  await visit.page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.identify('tess@example.com'));
  await visit.page.click('#buy');
  await visit.page.click('#spa');
  await visit.page.goto('about:blank');
  const siteId = (await world.server.store.sites.siteByKey(world.siteKey))!.id;
  const session = await eventually('the session', async () => (await world.server.store.sessions.listSessions({ siteId, limit: 5 })).sessions[0]);
  await eventually('the visitor to be identified', async () => (await world.server.store.visitors.visitorsById(session.visitor))[0]?.identified);
  await visit.context.close();

  const page = await signIn(await createToken('privacy', 'DPO'));
  await mainNav(page).getByRole('link', { name: 'Privacy' }).click();
  await page.waitForURL('**/viewer/privacy');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Privacy desk');
  assert.equal(await page.getByLabel('Search by').inputValue(), 'externalId');
  await page.getByLabel('External id').fill('tess@example.com');
  await page.getByRole('button', { name: 'Look up' }).click();

  const row = page.locator(`[data-visitor-id="${session.visitor}"]`);
  await row.waitFor();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0], session.visitor);
  assert.equal(cells[1], world.siteKey);
  assert.equal(cells[4], '1', 'one session');
  assert.equal(cells[5], 'Yes', 'identified');
  assert.equal(page.url().includes('tess'), false, 'the email never goes into the page URL');

  const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: /Export JSON/ }).click()]);
  assert.equal(download.suggestedFilename(), `einblick-export-${session.visitor}.json`);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { visitor: string; sessions: { id: string; events: unknown[] }[] };
  assert.equal(exported.visitor, session.visitor);
  assert.deepEqual(exported.sessions.map((s) => s.id), [session.id]);
  assert.ok(exported.sessions[0]!.events.length > 0, 'the export holds the recording');

  await row.getByRole('button', { name: /Erase/ }).click();
  const confirm = page.getByRole('group', { name: /Erase visitor/ });
  await confirm.waitFor();
  assert.match(await confirm.innerText(), /1 session on/);
  assert.equal(await confirm.evaluate((el) => el === document.activeElement), true, 'the confirmation takes focus');
  assert.notEqual(await world.server.store.sessions.sessionSummary(session.id), null, 'nothing is erased before the second step');
  await confirm.getByRole('button', { name: 'Erase for good' }).click();

  const receipt = page.getByTestId('erasure-receipt');
  await receipt.waitFor();
  const receiptText = await receipt.innerText();
  assert.match(receiptText, new RegExp(`Erased visitor ${session.visitor}`));
  assert.match(receiptText, /DPO \(privacy\)/);
  assert.match(receiptText, /1 session, \d+ recording chunks?, \d+ page views?, \d+ clicks?, \d+ survey answers?, 1 visitor record/);
  assert.equal(await row.count(), 0, 'the erased visitor leaves the results');
  await page.getByText('Nothing more is held on this person.').waitFor();
  assert.equal(await world.server.store.sessions.sessionSummary(session.id), null);

  await page.getByRole('button', { name: 'Look up' }).click();
  await page.getByText('Nothing is held on this person.').waitFor();

  await page.getByRole('navigation', { name: 'Privacy desk' }).getByRole('link', { name: 'Audit trail' }).click();
  await page.waitForURL('**/viewer/privacy/audit');
  await page.getByLabel('Action').selectOption('visitor.erase');
  await page.getByLabel('Object id').fill(session.visitor);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/action=visitor\.erase/);
  const entries = page.getByTestId('audit-table').locator('tbody tr');
  await entries.first().waitFor();
  assert.equal(await entries.count(), 1);
  assert.equal(await entries.first().getAttribute('data-action'), 'visitor.erase');
  assert.match(await entries.first().innerText(), /DPO\s+privacy/);
  assert.match(await page.getByTestId('audit-chain').innerText(), /^Audit chain intact/);
  const csv = new URL((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href'))!, world.server.url);
  assert.equal(csv.searchParams.get('format'), 'csv');
  assert.equal(csv.searchParams.get('action'), 'visitor.erase');
  assert.equal(csv.searchParams.get('objectId'), session.visitor);
  await page.context().close();
});

test('a researcher is offered no privacy desk, and opening it says whose page it is', async () => {
  const page = await signIn(await createToken('researcher', 'Researcher'));
  await page.getByRole('heading', { name: 'Sessions' }).waitFor();
  assert.equal(await mainNav(page).getByRole('link', { name: 'Sessions' }).count(), 1);
  assert.equal(await mainNav(page).getByRole('link', { name: 'Privacy' }).count(), 0);
  await page.goto(world.server.url + '/viewer/privacy');
  await page.getByText('This page is for privacy officers.').waitFor();
  await page.goto(world.server.url + '/viewer/privacy/audit');
  await page.getByText('This page is for privacy officers.').waitFor();
  assert.equal(await page.getByTestId('audit-table').count(), 0);
  await page.context().close();
});
