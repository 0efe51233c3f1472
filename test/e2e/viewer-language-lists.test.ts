// A German browser reads the sessions list and the heatmaps page in German, with
// numbers written the German way (1.200 clicks, not 1,200), while recorded data
// (the selector, the page's path) stays as it was recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';

const env = useServerAndBrowser();
const T0 = Date.UTC(2026, 10, 20, 10);
const CLICKS = 1200;
const RAGE = 3;

/** One desktop session on /checkout with 1,200 clicks on #pay, the last three of them rage clicks. */
async function storeBusySession(): Promise<void> {
  const body = {
    site: 'demo', visitor: 'visitor-busy', session: 'session-busy', seq: 0,
    events: [{ type: 3, timestamp: T0, data: {} }, { type: 3, timestamp: T0 + 40_000, data: {} }],
    pages: [{ pv: 0, url: 'https://demo.example/checkout', ts: T0, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 2000 }],
    clicks: Array.from({ length: CLICKS }, (_, i) => ({ pv: 0, ts: T0 + 1000 + i * 20, x: 5, y: 5, selector: 'button#pay', offsetX: 1, offsetY: 1, rage: i >= CLICKS - RAGE })),
  };
  const res = await fetch(env.server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body), headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' } });
  assert.equal(res.status, 202);
  const q = new URLSearchParams({ site: 'demo', url: 'https://demo.example/checkout', device: 'desktop' });
  await eventually('the clicks to reach the heatmap', async () => {
    const answer = (await (await env.server.api(`/api/v1/heatmaps/clicks?${q}`)).json()) as { totals?: { clicks: number } };
    return answer.totals?.clicks === CLICKS;
  });
}

test('a German browser sees the sessions list and the heatmaps page in German, with German numbers', async () => {
  await storeBusySession();
  const context = await env.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.server.url + '/viewer/?site=demo');
  await page.getByLabel('Zugangstoken').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Anmelden' }).click();

  await page.getByRole('heading', { level: 1, name: 'Sitzungen' }).waitFor();
  assert.equal(await page.title(), 'Sitzungen · Einblick');
  await page.getByRole('search', { name: 'Sitzungen filtern' }).waitFor();
  assert.equal(await page.getByLabel('Rage-Klicks').isChecked(), false);
  const table = page.getByTestId('sessions-table');
  assert.equal(await table.getByRole('columnheader', { name: 'Einstiegsseite' }).count(), 1);
  const row = table.locator('tr[data-session-id="session-busy"]');
  assert.match(await row.locator('a.row-link').innerText(), /^20\.11\.2026, 11:00$/, 'a German date in Berlin time');
  assert.equal(await row.locator('td').nth(4).innerText(), '1.200', 'clicks with a German thousands separator');
  assert.equal(await row.locator('.badge--rage').innerText(), 'Rage');
  assert.equal(await row.locator('.badge--rage').getAttribute('title'), '3 Rage-Klicks');
  assert.equal(await row.locator('td').nth(6).innerText(), 'Desktop');

  const clicksHeader = table.getByRole('columnheader', { name: /Klicks/ });
  assert.equal(await clicksHeader.getAttribute('aria-sort'), 'none');
  await table.getByRole('button', { name: 'Klicks', exact: true }).click();
  await page.waitForURL(/sort=-clicks/);
  await eventually('the list sorted by clicks', async () => (await table.getByRole('columnheader', { name: /Klicks/ }).getAttribute('aria-sort')) === 'descending');

  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Heatmaps' }).click();
  await page.getByRole('heading', { level: 1, name: 'Heatmaps' }).waitFor();
  await page.getByRole('search', { name: 'Heatmap wählen' }).waitFor();
  assert.equal(await page.getByLabel('Gerät').inputValue(), 'desktop');
  assert.equal(await page.getByLabel('Gerät').locator('option:checked').innerText(), 'Desktop');
  await eventually('the heatmap of /checkout', async () => /^1\.200 Klicks bei 1 Seitenaufruf/.test(await page.getByTestId('heatmap-totals').innerText().catch(() => '')));
  assert.equal(await page.getByTestId('heatmap-totals').innerText(), '1.200 Klicks bei 1 Seitenaufruf; Rage-Klicks: 3, tote Klicks: 0.');
  assert.match(await page.getByLabel('Seite (meistbesuchte zuerst)').locator('option:checked').innerText(), /^\/checkout · 1 Aufruf$/);
  assert.equal(await page.title(), 'Heatmap /checkout · Einblick');
  await page.getByText('Noch kein Abbild dieser Seite auf einem Desktop-Bildschirm.').waitFor();

  const top = page.getByTestId('top-elements');
  assert.deepEqual(await top.locator('th').allInnerTexts(), ['Element', 'Klicks', 'Anteil']);
  const topRow = top.locator('tbody tr').first();
  assert.equal(await topRow.locator('code').innerText(), 'button#pay', 'the recorded selector is shown as recorded');
  assert.equal(await topRow.locator('td').nth(1).innerText(), '1.200');
  assert.equal((await topRow.locator('td').nth(2).innerText()).replace(/\s/g, ' '), '100 %', 'a German percentage, with a space');

  const layers = page.getByRole('group', { name: 'Ebene' });
  assert.deepEqual(await layers.getByRole('button').allInnerTexts(), ['Klicks', 'Scrolltiefe', 'Frustration']);
  await page.getByRole('heading', { level: 2, name: 'Wer hat es geklickt?' }).waitFor();
  await context.close();
});
