// A German browser gets the viewer in German, dates in German style; the header's
// switch changes the page to English at once, and the choice outlives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { storeSyntheticSession } from '../helpers/synthetic-session.ts';

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

test('a German browser sees the surveys page and the sites page in German', async () => {
  const post = (path: string, body: unknown) => env.server.api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const site = (await (await post('/api/v1/sites', { name: 'Gartenladen', origins: ['https://garten.example'] })).json()) as { key: string };
  assert.equal((await post('/api/v1/surveys', { site: site.key, kind: 'nps', question: { en: 'Would you recommend us?' }, capDays: 1 })).status, 201);

  const context = await env.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/viewer/surveys?site=${site.key}`);
  await page.getByLabel('Zugangstoken').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Umfragen' }).waitFor();
  assert.equal(await page.title(), 'Umfragen · Einblick');
  await page.getByRole('button', { name: 'Anwenden' }).waitFor();
  assert.deepEqual(await page.getByTestId('survey-distribution').locator('thead th').allTextContents(), ['Bewertung', 'Antworten', 'Anteil']);
  assert.equal(await page.getByLabel('Gerät').locator('option').first().textContent(), 'Alle Geräte');
  assert.deepEqual(await page.getByLabel('Thema').locator('option').allTextContents(), ['Alle Themen', 'Lieferung', 'Preis', 'Bestellvorgang', 'Kundenservice', 'Produkt', 'Website', 'Rücksendungen']);
  assert.match(await page.getByText(/danach 1 Tag lang nicht erneut/).innerText(), /fragt 100\s% der Besucher\. Erstellt am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\.$/, 'one day, a German share and date');
  await page.getByText('In diesem Zeitraum noch keine Antworten.').first().waitFor();

  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Websites' }).click();
  await page.getByRole('heading', { level: 1, name: 'Websites' }).waitFor();
  const form = page.getByRole('form', { name: 'Neue Website' });
  await form.getByRole('button', { name: 'Website hinzufügen' }).waitFor();
  await form.getByLabel('Aufbewahrung (Tage)').waitFor();
  const card = page.locator(`article[data-site="${site.key}"]`);
  assert.match((await card.innerText()).replace(/\s+/g, ' '), /Aufbewahrung 90 Tage Datenschutzmodus streng: aller Text maskiert/);
  await card.getByRole('button', { name: 'Gartenladen bearbeiten' }).click();
  await card.getByLabel('Sichere Bilder').fill('/a/../b/');
  await card.getByRole('button', { name: 'Speichern' }).click();
  await card.locator(`#site-${site.key}-safe-images-error`).getByText(/^Zeile 1: /).waitFor();

  await page.getByLabel('Sprache').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
  await page.getByRole('button', { name: 'Add site' }).waitFor();
  await context.close();
});

test('a German browser gets the replay in German: the player\'s controls, notes, keys and dates', async () => {
  const s = await storeSyntheticSession(env.server.store, 'demo', { id: 'e2e-replay-de', minutes: 2, checkoutEveryMin: 3, products: 10 });
  const context = await env.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1400, height: 900 } });
  await context.request.post(env.server.url + '/api/v1/auth/login', { data: { token: ADMIN_TOKEN } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/viewer/sessions/${s.id}`);
  await page.getByRole('heading', { level: 1, name: 'Sitzungswiedergabe' }).waitFor();
  await page.getByRole('link', { name: '← Alle Sitzungen' }).waitFor();

  const play = page.getByRole('button', { name: 'Abspielen', exact: true });
  await play.waitFor();
  await page.getByRole('button', { name: 'Vollbild' }).waitFor();
  await page.getByRole('checkbox', { name: 'Inaktive Abschnitte überspringen' }).waitFor();
  await page.getByRole('button', { name: 'Geschwindigkeit 2×' }).waitFor();
  assert.equal(await page.locator('.rr-controller .switch .label').textContent(), 'Inaktives überspringen', 'the switch\'s visible words too');
  await play.click();
  await page.getByRole('button', { name: 'Pausieren', exact: true }).click();
  await play.waitFor();
  // rrweb-player adds its inactive stretches to its progress bar as events stream in, titled in English.
  await page.locator('.rr-progress').evaluate((bar) => bar.append(Object.assign(document.createElement('div'), { title: 'inactive period', id: 'added-period' })));
  await page.locator('#added-period[title="Inaktiver Abschnitt"]').waitFor({ state: 'attached' });

  await page.getByRole('heading', { level: 2, name: 'Notizen' }).waitFor();
  await page.locator('.notes__list', { hasText: 'Noch keine Notizen.' }).waitFor();
  await page.getByRole('heading', { level: 2, name: /^Ereignisse/ }).waitFor();
  await page.getByRole('button', { name: 'Link zu diesem Moment kopieren' }).waitFor();
  const keys = page.getByRole('region', { name: 'Tastenkürzel' });
  const keysText = (await keys.innerText()).replace(/\s+/g, ' ');
  for (const want of ['Leertaste', 'Abspielen oder pausieren', '5 Sekunden zurück oder vor', 'Wiedergabegeschwindigkeit']) assert.ok(keysText.includes(want), `${want} is listed: ${keysText}`);
  const details = await page.getByRole('complementary', { name: 'Details der Sitzung' }).innerText();
  assert.match(details, /Einwilligung\s+Zu dieser Sitzung ist kein Einwilligungsnachweis gespeichert\./i);
  assert.match(details, /Seitenaufrufe \(1\)\s+\/\s+0:00 · 0\s%\sgescrollt/i, 'a share the German way');

  // Dates the German way: the subtitle and the session's start (written after the first paint), and a note's time.
  const germanDateTime = /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/;
  await page.waitForFunction(() => /\d{4}/.test(document.querySelector('.subtitle time')?.textContent ?? ''));
  assert.match((await page.locator('.subtitle time').textContent()) ?? '', germanDateTime, 'the subtitle: 02.12.2026, 15:26');
  assert.match((await page.locator('.session-panel dd time').first().textContent()) ?? '', germanDateTime, 'Beginn');
  await page.getByLabel('Notiz zu diesem Moment').fill('Zögert hier');
  await page.getByRole('button', { name: /^Notiz bei 0:0\d hinzufügen$/ }).click();
  const meta = page.locator('.notes__list .note__meta');
  await meta.waitFor();
  assert.match((await meta.locator('time').textContent()) ?? '', /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/, 'the note\'s time: 02.12.2026, 15:26:05');
  assert.match((await page.locator('.timeline__note').getAttribute('aria-label')) ?? '', /^Notiz von .+ bei 0:0\d: Zögert hier$/);
  await page.getByRole('button', { name: /^Notiz bei 0:0\d löschen$/ }).waitFor();
  assert.equal(await page.title(), 'Wiedergabe / · Einblick');

  // Switching to English there renders the replay again, in English.
  await page.getByLabel('Sprache').selectOption('en');
  await page.getByRole('heading', { level: 1, name: 'Session replay' }).waitFor();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'Notes' }).waitFor();
  await page.locator('.notes__list .note__text', { hasText: 'Zögert hier' }).waitFor();
  await context.close();
});
