// Surveys read and write the same on PostgreSQL as on SQLite: the same surveys, shows and
// answers (scores, dismissals, comments with their labels, a retried answer), then the
// results a researcher reads (counts, days, answers with their replay moments, themes,
// under every filter), a visitor's export, corrections, the webhook queue, and the gate
// that refuses an erased visitor's answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkipReason } from '../helpers/postgres.ts';
import { twoBackends, type TwoBackends } from '../helpers/two-backends.ts';
import { pgSurveysStore } from '../../server/store/postgres/surveys.ts';
import { tombstoneKey, visitorTombstoneKey } from '../../server/store/tombstone.ts';
import type { AnswerWrite, ResultsFilter, AnswerFilter } from '../../server/store/surveys.ts';
import type { CommentTheme, Sentiment } from '../../contract/schemas/index.ts';

const skip = await pgSkipReason();
// 23:00 UTC, so a day's answers straddle midnight: the days must be cut in UTC on both.
const T0 = Date.UTC(2026, 10, 1, 23);
const HOUR = 3_600_000;
const THEMES: CommentTheme[] = ['delivery', 'price', 'checkout', 'support'];
const TONES: Sentiment[] = ['positive', 'neutral', 'negative'];

let both: TwoBackends;
let pgSurveys: ReturnType<typeof pgSurveysStore>;
/** The same call on both stores, with the answers compared. */
async function same<T>(call: (s: typeof pgSurveys | TwoBackends['sqlite']['surveys']) => T | Promise<T>, what: string): Promise<Awaited<T>> {
  const lite = await call(both.sqlite.surveys);
  assert.deepEqual(await call(pgSurveys), lite, what);
  return lite;
}

function answer(i: number): AnswerWrite {
  const dismissed = i % 9 === 4;
  const comment = i % 3 === 0 && !dismissed ? `comment ${i}` : null;
  return {
    id: `answer-${String(i).padStart(3, '0')}`, surveyId: i % 5 === 4 ? 'survey-csat' : 'survey-nps', siteId: 1,
    visitor: `visitor-${i % 7}`, session: i % 4 === 0 ? `session-${i % 7}` : null, score: dismissed ? null : i % 11, comment,
    url: `https://shop.example/${i % 2 ? 'pricing' : 'checkout'}?step=${i}`, page: `https://shop.example/${i % 2 ? 'pricing' : 'checkout'}`,
    device: i % 3 === 1 ? 'mobile' : 'desktop',
    // Every 4th answer ties in time with the one before it.
    ts: T0 + Math.floor(i / 2) * HOUR + (i % 4 === 1 ? -HOUR : 0), receivedAt: T0 + i,
    webhookDueAt: i % 6 === 0 && !dismissed ? T0 + i * 1000 : null,
    analysis: comment ? { lang: i % 2 ? 'de' : 'en', sentiment: TONES[i % 3]!, themes: [THEMES[i % 4]!, ...(i % 5 === 0 ? [THEMES[(i + 1) % 4]!] : [])] } : null,
  };
}

before(async () => {
  if (skip) return;
  both = await twoBackends();
  pgSurveys = pgSurveysStore(both.pg);
  assert.deepEqual([both.siteId, both.blogId], [1, 2]);
  await same((st) => st.setWebhook(2, 'https://hooks.example/blog'), 'webhook of the blog');
  for (let v = 0; v < 7; v++) await both.recordSession({ session: `session-${v}`, siteId: 1, visitor: `visitor-${v}`, startedAt: T0 - HOUR * 2 + v });
  await both.recordSession({ session: 'session-blog', siteId: 2, visitor: 'reader', startedAt: T0 });
  await same(async (s) => {
    await s.createSurvey('survey-nps', 1, { kind: 'nps', question: { en: 'Recommend?', de: 'Empfehlen?' }, comment: { en: 'Why?', de: 'Warum?' }, trigger: { urlContains: '/pricing' }, capDays: 30, sample: 0.5 }, T0);
    await s.createSurvey('survey-csat', 1, { kind: 'csat', question: { en: 'Happy?', de: 'Zufrieden?' }, comment: null, trigger: { afterSeconds: 10 }, capDays: 7, sample: 1 }, T0 + 1);
    await s.createSurvey('survey-blog', 2, { kind: 'ces', question: { en: 'Easy?', de: 'Einfach?' }, comment: null, trigger: {}, capDays: 1, sample: 1 }, T0 + 2);
  }, 'surveys created');
  for (let i = 0; i < 40; i++) {
    const a = answer(i);
    await same((s) => s.recordShown({ surveyId: a.surveyId, siteId: 1, visitor: a.visitor, session: a.session, page: a.page, device: a.device, ts: a.ts - 1000 }), `show ${i}`);
    assert.equal(await same((s) => s.storeAnswer(a), `answer ${i}`), 'stored');
  }
  await same((s) => s.storeAnswer({ ...answer(0), comment: 'a retry' }), 'a retried answer');
  await same((s) => s.storeAnswer({ id: 'blog-answer', surveyId: 'survey-blog', siteId: 2, visitor: 'reader', session: 'session-blog', score: 2, comment: null, url: 'https://blog.example/', page: 'https://blog.example/', device: 'desktop', ts: T0, receivedAt: T0, webhookDueAt: T0 }), 'blog answer');
  await same((s) => s.storeAnswer({ id: 'unanalysed', surveyId: 'survey-nps', siteId: 1, visitor: null, session: null, score: 3, comment: 'stored before analysis', url: 'https://shop.example/x', page: 'https://shop.example/x', device: 'tablet', ts: T0 + 100 * HOUR, receivedAt: T0, webhookDueAt: null }), 'an answer without labels');
});
after(async () => {
  if (!skip) await both.close();
});

test('surveys are listed, looked up, switched off and on the same', { skip }, async () => {
  await same((s) => s.listSurveys(), 'every survey');
  await same((s) => s.listSurveys(1), "one site's surveys");
  await same((s) => s.surveyById('survey-nps'), 'one survey');
  await same((s) => s.surveyById('nope'), 'no survey');
  await same((s) => s.activeSurveys(1), 'active surveys');
  assert.equal(await same((s) => s.setSurveyActive('survey-csat', false), 'switched off'), true);
  assert.deepEqual((await pgSurveys.activeSurveys(1)).map((s) => s.id), ['survey-nps']);
  await same((s) => s.setSurveyActive('survey-csat', true), 'switched on');
  assert.equal(await same((s) => s.setSurveyActive('nope', true), 'no such survey'), false);
});

test('results are the same under every filter: counts, days in UTC, answers with replay moments, themes', { skip }, async () => {
  const filters: ResultsFilter[] = [{}, { from: T0 + 3 * HOUR }, { to: T0 + 10 * HOUR }, { url: 'pricing' }, { device: 'mobile' }, { from: T0, to: T0 + 12 * HOUR, url: 'checkout', device: 'desktop' }];
  const narrows: AnswerFilter[] = [{}, { theme: 'price' }, { sentiment: 'negative' }, { theme: 'delivery', sentiment: 'neutral' }];
  for (const survey of ['survey-nps', 'survey-csat', 'survey-blog', 'nope']) {
    for (const f of filters) {
      for (const only of narrows) {
        const r = await same((s) => s.surveyResultRows(survey, f, only), `${survey} ${JSON.stringify(f)} ${JSON.stringify(only)}`);
        if (survey === 'survey-nps' && !Object.keys(f).length && !Object.keys(only).length) {
          assert.ok(r.shown > 20 && r.dismissed > 0 && r.answers.length > 20 && r.themes.length > 2 && r.byDay.length > 2);
          assert.ok(r.answers.some((a) => a.replayOffset !== null && a.session !== null), 'answers in a session link to their replay moment');
          assert.ok(r.byDay.some((d) => d.day === '2026-11-01') && r.byDay.some((d) => d.day === '2026-11-02'), 'days cut at UTC midnight');
        }
      }
    }
  }
});

test("a visitor's answers and shows are exported the same", { skip }, async () => {
  for (let v = 0; v < 7; v++) {
    const answers = await same((s) => s.visitorAnswers(1, `visitor-${v}`), `answers of visitor-${v}`);
    assert.ok(answers.length > 0);
    await same((s) => s.visitorShows(1, `visitor-${v}`), `shows of visitor-${v}`);
  }
  await same((s) => s.visitorAnswers(2, 'visitor-1'), 'none on another site');
});

test('comments analysed late, corrected by researchers, and the stamp that says so, the same', { skip }, async () => {
  const pending = await same((s) => s.unanalysedComments('survey-nps', 10), 'unanalysed comments');
  assert.deepEqual(pending.map((p) => p.id), ['unanalysed']);
  await same((s) => s.saveCommentLabels([{ id: 'unanalysed', lang: 'en', sentiment: 'negative', themes: ['website'] }]), 'labels saved');
  await same((s) => s.unanalysedComments('survey-nps', 10), 'none left');
  await same((s) => s.correctionStamp(1), 'stamp before');
  await same((s) => s.correctAnswer('answer-003', { sentiment: 'positive' }, T0 + 1), 'a tone corrected');
  await same((s) => s.correctAnswer('answer-006', { themes: ['returns', 'returns', 'price'] }, T0 + 2), 'themes corrected');
  await same((s) => s.correctAnswer('answer-001', { sentiment: 'positive' }, T0 + 3), 'no comment to correct');
  await same((s) => s.correctAnswer('nope', { sentiment: 'positive' }, T0 + 4), 'no such answer');
  assert.equal((await same((s) => s.corrections(1), 'corrections')).length, 2);
  assert.equal(await same((s) => s.correctionStamp(1), 'stamp after'), `2:${T0 + 2}`);
  await same((s) => s.surveyResultRows('survey-nps', {}, { theme: 'returns' }), 'results after corrections');
});

test('the webhook queue: due calls, busy sites left out, retries and deliveries, the same', { skip }, async () => {
  await same((s) => s.setWebhook(1, 'https://hooks.example/shop'), 'webhook set');
  await same((s) => s.webhookOf(1), 'webhook read');
  await same((s) => s.webhookOf(3), 'no site');
  await same((s) => s.pendingWebhookDeliveries(), 'pending');
  const due = await same((s) => s.dueWebhooks(T0 + 20_000, 3), 'due, oldest first');
  assert.equal(due.length, 3);
  const others = await same((s) => s.dueWebhooksExcept(T0 + 1e9, ['shop'], 20), 'busy shop left out');
  assert.deepEqual(others.map((j) => j.siteKey), ['blog']);
  await same((s) => s.webhookFailed(due[0]!.answerId, T0 + 1e6, 'x'.repeat(300)), 'a failure to retry');
  await same((s) => s.webhookFailed(due[1]!.answerId, null, 'given up'), 'a failure given up');
  await same((s) => s.webhookDelivered(due[2]!.answerId), 'delivered');
  assert.equal(await same((s) => s.retryingWebhookDeliveries(), 'retrying'), 1);
  await same((s) => s.dueWebhooks(T0 + 1e9, 50), 'what is left');
});

test('the gate: an erased session, another visitor\'s session, an erased visitor', { skip }, async () => {
  await both.exec('INSERT INTO tombstones (session_id, erased_at) VALUES (?, ?)', tombstoneKey('session-gone'), T0);
  assert.equal(await same((s) => s.sessionLink('session-gone', 1, 'visitor-1'), 'erased'), 'erased');
  assert.equal(await same((s) => s.sessionLink('session-1', 1, 'visitor-2'), 'foreign visitor'), 'foreign');
  assert.equal(await same((s) => s.sessionLink('session-1', 2, 'visitor-1'), 'foreign site'), 'foreign');
  assert.equal(await same((s) => s.sessionLink('session-1', 1, 'visitor-1'), 'own'), 'ok');
  assert.equal(await same((s) => s.sessionLink('session-new', 1, 'visitor-1'), 'not yet stored'), 'ok');

  await both.exec('INSERT INTO visitor_tombstones (key, erased_at, expires_at) VALUES (?, ?, ?)', visitorTombstoneKey(1, 'visitor-erased'), T0, null);
  await both.exec('INSERT INTO visitor_tombstones (key, erased_at, expires_at) VALUES (?, ?, ?)', visitorTombstoneKey(null, 'visitor-everywhere'), T0, null);
  await both.exec('INSERT INTO visitor_tombstones (key, erased_at, expires_at) VALUES (?, ?, ?)', visitorTombstoneKey(1, 'visitor-expired'), T0, 1);
  for (const visitor of ['visitor-erased', 'visitor-everywhere']) {
    const a = { ...answer(1), id: `late-${visitor}`, visitor };
    assert.equal(await same((s) => s.storeAnswer(a), `an answer of ${visitor}`), 'visitor_erased');
    assert.equal(await same((s) => s.recordShown({ surveyId: 'survey-nps', siteId: 1, visitor, session: null, page: 'p', device: 'desktop', ts: T0 }), `a show of ${visitor}`), false);
  }
  assert.equal(await same((s) => s.storeAnswer({ ...answer(1), id: 'late-expired', visitor: 'visitor-expired' }), 'an expired tombstone'), 'stored');
  const rows = await both.pg.rows<{ id: string }>("SELECT id FROM survey_answers WHERE id LIKE 'late-%'");
  assert.deepEqual(rows.map((r) => r.id), ['late-expired'], 'nothing of an erased visitor was stored on PostgreSQL');
});
