// A German browser gets the viewer in German, dates in German style; the header's
// switch changes the page to English at once, and the choice outlives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';

const env = useServerAndBrowser();

test('a German browser sees the privacy desk in German, switches to English in the header, and keeps it after a reload', async () => {
  const context = await env.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await page.goto(env.server.url + '/viewer/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  await page.getByLabel('Zugangstoken').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Anmelden' }).click();

  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await nav.getByRole('link', { name: 'Datenschutz' }).click();
  await page.getByRole('heading', { level: 1, name: 'Datenschutzbereich' }).waitFor();
  assert.equal(await page.title(), 'Datenschutzbereich · Einblick');
  await page.getByRole('navigation', { name: 'Datenschutzbereich' }).getByRole('link', { name: 'Audit-Protokoll' }).click();
  await page.getByRole('heading', { level: 1, name: 'Audit-Protokoll' }).waitFor();
  assert.match(await page.getByTestId('audit-chain').innerText(), /^Audit-Kette intakt/);
  // Signing in wrote an entry, so the trail has a date to read.
  const firstTime = page.getByTestId('audit-table').locator('tbody tr').first().locator('time');
  assert.match(await firstTime.innerText(), /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/, 'a German date: 02.12.2026, 15:26:05');
  assert.match((await page.getByRole('heading', { level: 2 }).textContent()) ?? '', /^\d+ Einträge?$/);

  const language = page.getByLabel('Sprache');
  assert.equal(await language.inputValue(), 'de');
  await language.selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'language', 'focus stays on the switch');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).count(), 1);
  assert.match(await page.getByTestId('audit-table').locator('tbody tr').first().locator('time').innerText(), /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2}\s[AP]M$/, 'an English date: Dec 2, 2026, 3:26:05 PM');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
  assert.equal(await page.getByLabel('Language').inputValue(), 'en', 'the choice is kept in this browser');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await context.close();
});

test('an English browser gets English, and a page not yet translated still works in German', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(env.server.url + '/viewer/privacy/nope');
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  await page.getByLabel('Language').selectOption('de');
  await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
  await page.getByRole('link', { name: 'Zur Liste der Sitzungen' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).waitFor();
  await context.close();
});
