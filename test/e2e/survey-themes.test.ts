// "What visitors wrote": two visitors comment through the survey widget, one in German
// about a late delivery, one in English and happy; the researcher sees how each reads and
// what it is about, narrows the answers to a theme, corrects one, and the page fits a
// 1280 px window with every question whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

const QUESTION = 'How likely are you to recommend our shop to a friend, a colleague or a neighbour who asks about furniture?';
const GERMAN = 'Die Lieferung hat ewig gedauert, total enttäuschend.';
const ENGLISH = 'Great shop, fast delivery and really friendly support!';

/** One recorded visit that answers the survey with a score and a comment; resolves with its session id. */
async function visitAndAnswer(score: number, comment: string): Promise<string> {
  const { context, page } = await world.open('survey');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  const dialog = page.getByRole('dialog', { name: QUESTION });
  await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).click();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('dialog', { name: 'What is the main reason?' }).getByRole('textbox').fill(comment);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thank you for your feedback!').waitFor();
  const session = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { id: string }).id);
  await page.goto('about:blank');
  await eventually('the recorded session', () => world.server.store.sessions.sessionSummary(session));
  await context.close();
  return session;
}

const rowOf = (page: Page, comment: string) => page.locator('[data-testid="survey-answers"] tbody tr', { hasText: comment });
const readsAs = async (page: Page, comment: string) => {
  const cell = rowOf(page, comment).locator('.reads-as');
  return { sentiment: await cell.locator('[data-sentiment]').getAttribute('data-sentiment'), themes: await cell.locator('.theme-chip').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-theme'))) };
};

test('comments show their tone and themes, filter by theme, take a correction, and the page fits 1280 px', async () => {
  const created = await world.server.api('/api/v1/surveys', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site: world.siteKey, kind: 'nps', question: QUESTION, comment: 'What is the main reason?', trigger: { afterSeconds: 1 } }),
  });
  assert.equal(created.status, 201);
  const survey = ((await created.json()) as { id: string }).id;
  const germanSession = await visitAndAnswer(2, GERMAN);
  await visitAndAnswer(10, ENGLISH);

  const tokenRes = await world.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'researcher', label: 'researcher' }) });
  const researcher = ((await tokenRes.json()) as { token: string }).token;
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${world.server.url}/viewer/surveys?survey=${survey}`);
  await page.getByLabel('Access token').fill(researcher);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await rowOf(page, GERMAN).waitFor();

  assert.deepEqual(await readsAs(page, GERMAN), { sentiment: 'negative', themes: ['delivery'] });
  assert.deepEqual(await readsAs(page, ENGLISH), { sentiment: 'positive', themes: ['delivery', 'support'] });
  assert.equal(await rowOf(page, GERMAN).locator('.comment').getAttribute('lang'), 'de');
  const replay = await rowOf(page, GERMAN).getByRole('link', { name: /Replay at/ }).getAttribute('href');
  assert.match(replay ?? '', new RegExp(`/viewer/sessions/${germanSession}\\?t=\\d+$`), 'the answer links to its replay moment');
  const themes = page.getByTestId('survey-themes');
  assert.match(await themes.locator('tr[data-theme="delivery"]').innerText(), /Delivery\s+2\s+100\s?%/);
  assert.match(await themes.locator('tr[data-theme="support"]').innerText(), /Support\s+1\s+50\s?%/);
  assert.equal(await themes.locator('tr[data-theme="delivery"] [role="img"]').getAttribute('aria-label'), '1 positive, 0 neutral, 1 negative');

  // The whole page fits 1280 px, and the survey's long question is shown whole, wrapped between words.
  const fits = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(fits.scroll <= fits.client, `no sideways scroll at 1280 px: ${fits.scroll} > ${fits.client}`);
  const table = await page.locator('.table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(table.scroll <= table.client, `the answers table fits its column too: ${table.scroll} > ${table.client}`);
  const card = page.locator('.survey-card--current .survey-card__link');
  assert.equal((await card.innerText()).replace(/\s+/g, ' ').trim(), `NPS ${QUESTION}`);
  assert.ok(await card.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), 'the question is not cut');

  // Narrow to one theme with the filter form: only the English answer talks about support.
  await page.getByLabel('Theme').selectOption('support');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/theme=support/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="survey-answers"] tbody tr').length === 1);
  assert.match(await page.locator('[data-testid="survey-answers"] tbody tr').innerText(), /friendly support/);

  // Back to all answers; the researcher adds "price" to the German answer.
  await themes.getByRole('link', { name: 'Delivery' }).click();
  await page.waitForURL(/theme=delivery/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="survey-answers"] tbody tr').length === 2);
  const row = rowOf(page, GERMAN);
  await row.getByText('Correct', { exact: true }).click();
  const form = row.getByRole('form', { name: 'Correct this answer' });
  await form.getByLabel('Price').check();
  await form.getByLabel('Sentiment').selectOption('negative');
  await form.getByRole('button', { name: 'Save' }).click();
  await row.getByText('corrected').waitFor();
  assert.deepEqual(await readsAs(page, GERMAN), { sentiment: 'negative', themes: ['delivery', 'price'] });
  const stored = sqliteDb(world.server.store).prepare('SELECT themes, corrected_at FROM survey_answers WHERE session_id = ?').get(germanSession) as { themes: string; corrected_at: number | null };
  assert.deepEqual([JSON.parse(stored.themes), stored.corrected_at !== null], [['delivery', 'price'], true]);
  await page.reload();
  assert.deepEqual(await readsAs(page, GERMAN), { sentiment: 'negative', themes: ['delivery', 'price'] }, 'kept after a reload');
  const after = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(after.scroll <= after.client, 'still no sideways scroll with a correction open');
  await context.close();
});
