// The visitor's side of micro-surveys: consent, triggers, the widget by keyboard, what is sent,
// what the replay holds, the frequency cap, and a page whose CSS is hostile to the widget.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import type { NewSurvey } from '../../contract/schemas/index.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

type Einblick = { consent: { grant(s?: object): void; revoke(): void }; survey(id: string): unknown; track(name: string): void };
const einblick = (page: Page, script: string) => page.evaluate(`(${script})(window.einblick)`);

const created: string[] = [];
/** An active survey of the fixture site, made as an admin makes it (POST /api/v1/surveys). */
async function addSurvey(s: Partial<NewSurvey> & Pick<NewSurvey, 'kind' | 'trigger'>): Promise<string> {
  const res = await world.server.api('/api/v1/surveys', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site: world.siteKey, question: { en: 'How likely are you to recommend us?', de: 'Wie wahrscheinlich empfehlen Sie uns weiter?' }, ...s }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { id } = (await res.json()) as { id: string };
  created.push(id);
  return id;
}
// Each test sees only its own surveys.
afterEach(async () => {
  for (const id of created.splice(0)) {
    const res = await world.server.api(`/api/v1/surveys/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ active: false }) });
    assert.equal(res.status, 200);
  }
});

const storedAnswer = (id: unknown) =>
  sqliteDb(world.server.store).prepare('SELECT survey_id AS survey, visitor_id AS visitor, session_id AS session, score, comment, dismissed, ts FROM survey_answers WHERE id = ?').get(id) as
    | { survey: string; visitor: string | null; session: string | null; score: number | null; comment: string | null; dismissed: number; ts: number }
    | undefined;

const bodiesTo = (requests: Request[], path: 'shown' | 'answer' | 'active') =>
  requests.filter((r) => new URL(r.url()).pathname === `/api/v1/surveys/${path}`).map((r) => (path === 'active' ? new URL(r.url()).searchParams.get('url') : JSON.parse(r.postData() ?? 'null')) as Record<string, unknown>);

const widget = (page: Page) => page.locator('einblick-survey');
/** What has the keyboard focus inside the widget: its role (or tag) and its label (or text). */
const focusedInWidget = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('einblick-survey')?.shadowRoot?.activeElement;
    if (!el) return null;
    const name = el.getAttribute('aria-label') ?? (el.getAttribute('role') === 'dialog' ? '' : el.textContent);
    return `${el.getAttribute('role') ?? el.tagName.toLowerCase()} ${name}`.trim();
  });

test('after consent an afterSeconds survey appears, is answered by keyboard alone, and the answer carries score, session and moment', async () => {
  const { context, page, requests } = await world.open('survey');
  const surveyId = await addSurvey({ kind: 'nps', trigger: { afterSeconds: 1 } });
  const grantedAt = Date.now();
  await einblick(page, 'e => e.consent.grant()');
  const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend us?' });
  await dialog.waitFor();
  const [shown] = bodiesTo(requests, 'shown');
  assert.ok(shown && (shown.ts as number) - grantedAt >= 1000, 'shown only after one second on the page');

  // Focus moved into the card without scrolling the page; Tab reaches the scale.
  assert.equal(await focusedInWidget(page), 'dialog');
  await page.keyboard.press('Tab');
  assert.equal(await focusedInWidget(page), 'radio 0, Not at all likely');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await focusedInWidget(page), 'radio 8');
  await page.keyboard.press('Space');
  assert.equal(await dialog.getByRole('radio', { name: '8', exact: true }).getAttribute('aria-checked'), 'true');
  await page.keyboard.press('Tab');
  assert.equal(await focusedInWidget(page), 'button Send');
  const answeredFrom = Date.now();
  await page.keyboard.press('Enter');
  const answeredBy = Date.now();
  await dialog.getByText('Thank you for your feedback!').waitFor();
  assert.equal(await page.evaluate(() => scrollY), 0, 'the page never scrolled');

  const answer = await eventually('the answer', () => bodiesTo(requests, 'answer')[0]);
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('einblick:session')!).id as string);
  const visitor = await page.evaluate(() => localStorage.getItem('einblick:visitor'));
  assert.equal(answer.score, 8);
  assert.equal(answer.survey, surveyId);
  assert.equal(answer.session, session);
  assert.equal(answer.visitor, visitor);
  assert.match(String(answer.id), /^[A-Za-z0-9_-]{8,64}$/);
  assert.ok((answer.ts as number) >= answeredFrom && (answer.ts as number) <= answeredBy, 'ts is the moment of the answer');
  const row = await eventually('the stored answer', () => storedAnswer(answer.id));
  assert.deepEqual(row, { survey: surveyId, visitor, session, score: 8, comment: null, dismissed: 0, ts: answer.ts });
  const detail = (await (await world.server.api(`/api/v1/sessions/${session}`)).json()) as { surveyAnswers: { id: string; score: number }[] };
  assert.deepEqual(detail.surveyAnswers.map((a) => [a.id, a.score]), [[answer.id, 8]], 'the session shows the answer');

  // The replay has the answer as a marker, and not the widget's content.
  const events = await eventually('the survey marker in the recording', async () => {
    const res = await world.server.api(`/api/v1/sessions/${session}/events`);
    const list = res.ok ? ((await res.json()) as { type: number; data: { tag?: string; payload?: unknown } }[]) : [];
    return list.some((e) => e.type === 5 && e.data.tag === 'einblick:survey') ? list : null;
  }, 20_000);
  const marker = events.find((e) => e.type === 5 && e.data.tag === 'einblick:survey')!;
  assert.deepEqual(marker.data.payload, { survey: surveyId, answer: answer.id, kind: 'nps', score: 8 });
  const recorded = JSON.stringify(events);
  assert.doesNotMatch(recorded, /recommend us|Not at all likely|Thank you for your feedback/);
  assert.match(recorded, /"tagName":"einblick-survey","attributes":\{[^}]*"rr_width"/, 'the widget is a blocked placeholder in the replay');

  // Answered: the cap keeps it away on the next page load.
  await page.reload();
  await eventually('the next page view to ask for surveys', () => bodiesTo(requests, 'active').length >= 2);
  await page.waitForTimeout(2000);
  assert.equal(await widget(page).count(), 0, 'not shown again within capDays');
  assert.equal(bodiesTo(requests, 'shown').length, 1);
  const caps = await page.evaluate(() => JSON.parse(localStorage.getItem('einblick:surveys')!) as Record<string, number>);
  assert.ok(caps[surveyId]! >= answeredFrom);
  await context.close();
});

test('with surveys-only consent nothing is recorded, track() triggers a survey, and the answer with its comment has no session', async () => {
  // `step` is declared safe: strict mode masks every other query value, also in the URL surveys are chosen by.
  const { context, page, requests } = await world.open('survey', { 'query-keys': 'step' });
  const surveyId = await addSurvey({ kind: 'csat', question: { en: 'How satisfied are you with checkout?', de: 'Wie zufrieden?' }, comment: { en: 'What could be better?', de: 'Was geht besser?' }, trigger: { onEvent: 'paid' } });
  await einblick(page, 'e => e.consent.grant({ replay: false, surveys: true })');
  await eventually('the survey list', () => bodiesTo(requests, 'active').length === 1);
  await page.waitForTimeout(500);
  assert.equal(await widget(page).count(), 0, 'not before its event');
  await einblick(page, "e => e.track('paid')");
  const dialog = page.getByRole('dialog', { name: 'How satisfied are you with checkout?' });
  await dialog.getByRole('radio', { name: '5, Very satisfied' }).click();
  await dialog.getByRole('button', { name: 'Send' }).click();
  // The follow-up step: the dialog is now labelled by its comment prompt.
  await page.getByRole('dialog', { name: 'What could be better?' }).getByRole('textbox', { name: 'What could be better?' }).waitFor();
  assert.equal(await focusedInWidget(page), 'textarea', 'focus follows into the comment box');
  await page.keyboard.type('Faster shipping please');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thank you for your feedback!').waitFor();

  const answer = await eventually('the answer', () => bodiesTo(requests, 'answer')[0]);
  assert.equal(answer.survey, surveyId);
  assert.equal(answer.score, 5);
  assert.equal(answer.comment, 'Faster shipping please');
  assert.equal(answer.session, undefined, 'no session without replay consent');
  assert.equal(answer.visitor, await page.evaluate(() => localStorage.getItem('einblick:visitor')));
  assert.equal(requests.filter((r) => r.url().endsWith('/api/v1/ingest')).length, 0, 'no replay chunk');
  const row = await eventually('the stored answer', () => storedAnswer(answer.id));
  assert.deepEqual([row.session, row.visitor, row.score, row.comment], [null, answer.visitor, 5, 'Faster shipping please']);

  // An SPA navigation is a new page view: the runner asks again for the new URL.
  await page.click('#next');
  await eventually('surveys for the new page', () => bodiesTo(requests, 'active').some((url) => String(url).endsWith('/survey?step=tracking')));
  await context.close();
});

test('einblick.survey(id) shows a survey at once; Escape dismisses it and sends dismissed; revoke removes the cap', async () => {
  const { context, page, requests } = await world.open('survey');
  const surveyId = await addSurvey({ kind: 'ces', question: { en: 'How easy was it?', de: 'Wie einfach war es?' }, trigger: { onEvent: 'never-happens' } });
  await einblick(page, 'e => e.consent.grant()');
  await einblick(page, `e => e.survey('${surveyId}')`);
  const dialog = page.getByRole('dialog', { name: 'How easy was it?' });
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('radio').count(), 7);
  assert.equal(await dialog.getByRole('radio', { name: '7, Very easy' }).count(), 1);
  await page.keyboard.press('Escape');
  await widget(page).waitFor({ state: 'detached' });
  const dismissal = await eventually('the dismissal', () => bodiesTo(requests, 'answer')[0]);
  assert.equal(dismissal.dismissed, true);
  assert.equal(dismissal.score, undefined);
  assert.ok(await page.evaluate(() => localStorage.getItem('einblick:surveys')), 'a dismissal caps too');
  assert.deepEqual(await eventually('the stored dismissal', () => storedAnswer(dismissal.id)).then((r) => [r.score, r.dismissed]), [null, 1]);

  await einblick(page, 'e => e.consent.revoke()');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
  await eventually('the dismissal to be erased with the visitor', () => !storedAnswer(dismissal.id));
  await context.close();
});

test('page CSS hostile to the widget does not change its look, and the widget speaks the page language', async () => {
  const looks: unknown[] = [];
  for (const fixture of ['survey', 'survey-hostile']) {
    const { context, page } = await world.open(fixture, { lang: 'de' });
    await addSurvey({ kind: 'nps', trigger: {} });
    await einblick(page, 'e => e.consent.grant()');
    const dialog = page.getByRole('dialog', { name: 'Wie wahrscheinlich empfehlen Sie uns weiter?' });
    await dialog.getByRole('radio', { name: '0, Überhaupt nicht wahrscheinlich' }).waitFor();
    // A string, not a function: tsx would wrap the inner function in a helper the page does not have.
    looks.push(
      await page.evaluate(`(() => {
        const root = document.querySelector('einblick-survey').shadowRoot;
        const look = (selector) => {
          const el = root.querySelector(selector);
          const s = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return { display: s.display, font: s.font, color: s.color, background: s.backgroundColor, padding: s.padding, border: s.border, opacity: s.opacity,
            letterSpacing: s.letterSpacing, textTransform: s.textTransform, width: box.width, height: box.height, right: innerWidth - box.right, bottom: innerHeight - box.bottom };
        };
        const host = getComputedStyle(document.querySelector('einblick-survey'));
        return { host: host.display + ' ' + host.opacity, card: look('.card'), question: look('#q'), radio: look('[role=radio]'), send: look('.send'), close: look('.x') };
      })()`),
    );
    await context.close();
  }
  assert.deepEqual(looks[1], looks[0]);
});

test('exit intent shows a survey; an answer the server cannot take yet is retried as Retry-After says, one it refuses is not', async () => {
  const { context, page, requests } = await world.open('survey');
  const leaving = await addSurvey({ kind: 'csat', question: { en: 'Did you find what you came for?', de: 'Gefunden?' }, trigger: { exitIntent: true } });
  const refused = await addSurvey({ kind: 'nps', trigger: { onEvent: 'never-happens' } });
  const answerTimes: number[] = [];
  await page.route(`${world.server.url}/api/v1/surveys/answer`, async (route) => {
    answerTimes.push(Date.now());
    const body = JSON.parse(route.request().postData() ?? '{}') as { survey: string };
    if (body.survey === refused) return route.fulfill({ status: 400, headers: { 'Access-Control-Allow-Origin': '*' }, json: { error: { code: 'invalid_answer', message: 'no' } } });
    if (answerTimes.length === 1) return route.fulfill({ status: 503, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After', 'Retry-After': '1' }, json: { error: { code: 'busy', message: 'later' } } });
    return route.continue();
  });
  await einblick(page, 'e => e.consent.grant({ replay: false, surveys: true })');
  await eventually('the survey list', () => bodiesTo(requests, 'active').length === 1);
  await page.mouse.move(400, 300);
  await page.waitForTimeout(300);
  assert.equal(await widget(page).count(), 0, 'not while the pointer is on the page');
  await page.mouse.move(400, 100, { steps: 4 });
  await page.mouse.move(400, -20, { steps: 4 });
  const dialog = page.getByRole('dialog', { name: 'Did you find what you came for?' });
  await dialog.getByRole('radio', { name: '4', exact: true }).click();
  await dialog.getByRole('button', { name: 'Send' }).click();
  const stored = await eventually('the retried answer to be stored', () => sqliteDb(world.server.store).prepare('SELECT score FROM survey_answers WHERE survey_id = ?').get(leaving) as { score: number } | undefined);
  assert.equal(stored.score, 4);
  assert.equal(answerTimes.length, 2);
  assert.ok(answerTimes[1]! - answerTimes[0]! >= 1000, 'the retry waited as Retry-After said');

  await widget(page).waitFor({ state: 'detached' });
  await einblick(page, `e => e.survey('${refused}')`);
  await page.getByRole('dialog', { name: 'How likely are you to recommend us?' }).getByRole('radio', { name: '10, Extremely likely' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await eventually('the refused answer', () => answerTimes.length === 3);
  await page.waitForTimeout(2500);
  assert.equal(answerTimes.length, 3, 'a 400 is not retried');
  await context.close();
});

test('leaving the page during the comment step still delivers the score, without the unsent comment', async () => {
  const { context, page } = await world.open('survey');
  const surveyId = await addSurvey({ kind: 'ces', question: { en: 'How easy was paying?', de: 'Wie einfach?' }, comment: { en: 'Anything to add?', de: 'Noch etwas?' }, trigger: {} });
  await einblick(page, 'e => e.consent.grant({ replay: false, surveys: true })');
  const dialog = page.getByRole('dialog', { name: 'How easy was paying?' });
  await dialog.getByRole('radio', { name: '2', exact: true }).click();
  await dialog.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('textbox', { name: 'Anything to add?' }).fill('half-written thought');
  await page.goto(world.site.page('shop', { site: world.siteKey }));
  const row = await eventually('the answer sent at pagehide', () => sqliteDb(world.server.store).prepare('SELECT score, comment FROM survey_answers WHERE survey_id = ?').get(surveyId) as { score: number; comment: string | null } | undefined);
  assert.deepEqual(row, { score: 2, comment: null });
  await context.close();
});
