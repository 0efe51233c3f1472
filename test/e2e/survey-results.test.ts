// A researcher's view of survey feedback: the score and answers on the survey page,
// updated live as answers arrive, and each answer on its replay's timeline with a card
// that shows what the visitor said at the moment they said it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());


test('an admin creates a survey in the viewer; answers show with their NPS, arrive live, and mark the replay at their moment', async () => {
  const context = await world.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${world.server.url}/viewer/surveys`);
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('New survey').click();
  const form = page.getByRole('form', { name: 'New survey' });
  await form.getByLabel('Site').selectOption(world.siteKey);
  await form.getByLabel('Kind').selectOption('nps');
  await form.getByLabel('Question (English)').fill('How likely are you to recommend Testshop?');
  await form.getByLabel('Follow-up comment prompt (English, optional)').fill('What got in your way?');
  await form.getByLabel('After seconds on the page').fill('2');
  await form.getByRole('button', { name: 'Create survey' }).click();
  await page.waitForURL('**/viewer/surveys?*survey=srv_*');
  const survey = new URL(page.url()).searchParams.get('survey')!;
  const stored = (await world.server.store.surveys.surveyById(survey))!;
  assert.deepEqual([stored.kind, stored.question.en, stored.question.de, stored.trigger.afterSeconds, stored.capDays], ['nps', 'How likely are you to recommend Testshop?', 'Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen empfehlen?', 2, 30]);
  assert.match(await page.locator('.survey-card--current').innerText(), /after 2 s on the page/i);

  // The admin also says where low scores go; cleared again so this test calls no one.
  await page.getByText('Webhooks for low scores').click();
  const hook = page.getByRole('form', { name: 'Webhook for Fixture shop' });
  await hook.getByRole('textbox').fill('https://hooks.example/einblick');
  await hook.getByRole('button', { name: 'Save' }).click();
  await hook.getByText(/Saved: detractors/).waitFor();
  assert.equal(await world.server.store.surveys.webhookOf((await world.server.store.sites.siteByKey(world.siteKey))!.id), 'https://hooks.example/einblick');
  await hook.getByRole('textbox').fill('');
  await hook.getByRole('button', { name: 'Save' }).click();
  await hook.getByText('Saved: no webhook.').waitFor();
  assert.equal(await world.server.store.surveys.webhookOf((await world.server.store.sites.siteByKey(world.siteKey))!.id), null);

  // A recorded visit: the survey appears two seconds in and is answered with the keyboard alone.
  const visit = await world.open('shop', {}, { viewport: { width: 1280, height: 720 } });
  await visit.page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await visit.page.waitForTimeout(500);
  await visit.page.click('#buy');
  const dialog = visit.page.getByRole('dialog', { name: 'How likely are you to recommend Testshop?' });
  await dialog.waitFor();
  await visit.page.keyboard.press('Tab');
  for (let i = 0; i < 3; i++) await visit.page.keyboard.press('ArrowRight');
  await visit.page.keyboard.press('Space');
  await visit.page.keyboard.press('Tab');
  await visit.page.keyboard.press('Enter');
  // The comment step names the card by its prompt.
  await visit.page.getByRole('dialog', { name: 'What got in your way?' }).getByRole('textbox').waitFor();
  await visit.page.keyboard.type('The checkout button hides');
  await visit.page.keyboard.press('Tab');
  await visit.page.keyboard.press('Enter');
  await visit.page.getByRole('dialog').getByText(/Thank you/).waitFor();
  const ids = await visit.page.evaluate(() => ({
    session: (JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { id: string }).id,
    visitor: localStorage.getItem('einblick:visitor') ?? '',
  }));
  const answered = await eventually('the stored answer', () =>
    sqliteDb(world.server.store).prepare('SELECT score, comment, ts FROM survey_answers WHERE session_id = ?').get(ids.session) as { score: number; comment: string; ts: number } | undefined,
  );
  assert.deepEqual([answered.score, answered.comment], [3, 'The checkout button hides']);
  await visit.page.waitForTimeout(1500);
  await visit.page.click('#buy');
  await visit.page.goto('about:blank');
  const siteId = (await world.server.store.sites.siteByKey(world.siteKey))!.id;
  const session = await eventually('the recorded session', async () => (await world.server.store.sessions.listSessions({ siteId, limit: 5 })).sessions.find((s) => s.id === ids.session && s.duration > 3000));
  await visit.context.close();

  await page.reload();
  const score = page.getByTestId('survey-score');
  await score.waitFor();
  assert.match(await score.innerText(), /-100\s*NPS/, 'one detractor: NPS −100');
  const row = page.locator('[data-testid="survey-answers"] tbody tr');
  assert.equal(await row.count(), 1);
  assert.match(await row.innerText(), /The checkout button hides/);

  // A promoter, recorded too, answers while the page is open: the NPS moves to 0 without a reload.
  const happy = await world.open('shop', {}, { viewport: { width: 1280, height: 720 } });
  await happy.page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await happy.page.waitForTimeout(500);
  await happy.page.click('#buy');
  const promoterIds = await happy.page.evaluate(() => ({
    session: (JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { id: string }).id,
    visitor: localStorage.getItem('einblick:visitor') ?? '',
  }));
  await happy.page.goto('about:blank');
  await eventually('the promoter’s session', async () => (await world.server.store.sessions.sessionSummary(promoterIds.session))?.clicks);
  await happy.context.close();
  const promoter = { site: world.siteKey, survey, ...promoterIds, score: 10, url: world.site.page('shop', {}), ts: Date.now(), viewportWidth: 1280 };
  assert.equal((await fetch(world.server.url + '/api/v1/surveys/answer', { method: 'POST', body: JSON.stringify(promoter), headers: { Origin: world.site.origin } })).status, 202);
  await page.waitForFunction(() => /^0\s*NPS/.test(document.querySelector('[data-testid="survey-score"]')?.textContent?.replace('NPS', ' NPS') ?? ''), undefined, { timeout: 5000 });
  assert.equal(await page.locator('[data-testid="survey-answers"] tbody tr').count(), 2);
  assert.match(await page.getByRole('status').first().innerText(), /New answer: 10/);

  // The detractors' segment: their sessions only, and their clicks only on the heatmap.
  await page.getByRole('link', { name: /Sessions of detractors/ }).click();
  await page.waitForURL('**/viewer/?*scoreMax=6*');
  await page.getByTestId('sessions-table').waitFor();
  assert.deepEqual(await page.locator('[data-session-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id'))), [ids.session]);
  const heatmap = (segment: string) => `${world.server.url}/viewer/heatmaps?site=${world.siteKey}&page=${encodeURIComponent(world.site.page('shop', {}).split('?')[0]!)}${segment}`;
  await page.goto(heatmap(''));
  await page.getByText(/clicks? on 2 page views/).waitFor();
  const all = await page.getByTestId('heatmap-totals').innerText();
  await page.goto(heatmap(`&survey=${survey}&scoreMax=6`));
  await page.getByText(/clicks? on 1 page view/).waitFor();
  assert.match(await page.getByTestId('heatmap-totals').innerText(), /^2 clicks on 1 page view/, `the detractor clicked twice (everyone: ${all})`);
  assert.equal(await page.getByLabel('Visitors who answered').inputValue(), survey);
  await page.goto(`${world.server.url}/viewer/surveys?survey=${survey}`);

  // The detractor's answer links to its replay moment; the card is up there, and the marker seeks back to it.
  await page.locator('[data-testid="survey-answers"] tbody tr', { hasText: 'checkout button' }).getByRole('link', { name: /Replay at/ }).click();
  await page.waitForURL(`**/viewer/sessions/${session.id}?t=*`);
  const offset = Number(new URL(page.url()).searchParams.get('t'));
  const expected = answered.ts - session.startedAt;
  assert.ok(Math.abs(offset - expected) < 50, `the link points at the answer's moment (${offset} vs ${expected} ms)`);
  await page.frameLocator('.rr-player iframe').locator('#welcome').waitFor({ state: 'attached' });
  const card = page.getByTestId('answer-card');
  await card.waitFor({ state: 'visible' });
  assert.match(await card.innerText(), /NPS answer\s+3\s+“The checkout button hides”/);

  const marker = page.locator('.timeline__answer');
  assert.equal(await marker.count(), 1, 'one answer marker on the timeline');
  const left = await marker.evaluate((el) => parseFloat((el as HTMLElement).style.left));
  assert.ok(Math.abs(left - (offset / session.duration) * 100) < 3, `the marker sits at the answer's moment (${left.toFixed(1)}%)`);

  await page.locator('.timeline__page').first().click();
  await card.waitFor({ state: 'hidden' });
  await marker.click();
  await card.waitFor({ state: 'visible' });
  assert.match(await card.innerText(), /3/);
  await context.close();
});
