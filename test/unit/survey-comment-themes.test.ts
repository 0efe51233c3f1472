// Survey results say how comments read and what they are about: per answer, per theme,
// filtered by theme and tone; a researcher corrects one (audited) and the next similar
// answer follows; answers stored before analysis existed are labelled on first read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { AnswerRow, SurveyResults } from '../../contract/schemas/index.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let server: TestServer;
let surveyId: string;
let researcher: string;
const json = { 'Content-Type': 'application/json' };

before(async () => {
  server = await startTestServer();
  const res = await server.api('/api/v1/surveys', { method: 'POST', headers: json, body: JSON.stringify({ site: 'demo', kind: 'nps', question: 'Recommend us?' }) });
  surveyId = ((await res.json()) as { id: string }).id;
  const token = await server.api('/api/v1/tokens', { method: 'POST', headers: json, body: JSON.stringify({ role: 'researcher', label: 'reader' }) });
  researcher = ((await token.json()) as { token: string }).token;
});
after(() => server.close());

let n = 0;
async function answer(score: number, comment?: string): Promise<string> {
  const id = `answer-${++n}`;
  const res = await fetch(server.url + '/api/v1/surveys/answer', {
    method: 'POST',
    body: JSON.stringify({ id, site: 'demo', survey: surveyId, visitor: `visitor-${n}`, score, ...(comment ? { comment } : {}), url: 'https://demo.example/checkout', ts: Date.now() }),
  });
  assert.equal(res.status, 202);
  return id;
}
const results = async (query = ''): Promise<SurveyResults> => (await (await server.api(`/api/v1/surveys/${surveyId}/results${query}`, { token: researcher })).json()) as SurveyResults;
const byId = (r: SurveyResults, id: string): AnswerRow => r.answers.find((a) => a.id === id)!;

test('answers carry their comment’s tone and themes, the results a summary per theme, and filters narrow the list', async () => {
  const late = await answer(2, 'Die Lieferung hat ewig gedauert, sehr enttäuschend.');
  const happy = await answer(10, 'Fast delivery and a fair price, thank you!');
  const plain = await answer(8);
  const r = await results();
  assert.deepEqual([byId(r, late).lang, byId(r, late).sentiment, byId(r, late).themes], ['de', 'negative', ['delivery']]);
  assert.deepEqual([byId(r, happy).lang, byId(r, happy).sentiment, byId(r, happy).themes], ['en', 'positive', ['delivery', 'price']]);
  assert.deepEqual([byId(r, plain).sentiment, byId(r, plain).themes, byId(r, plain).corrected], [null, [], false]);
  assert.equal(r.commented, 2);
  assert.deepEqual(r.themes, [
    { theme: 'delivery', answers: 2, share: 1, sentiment: { positive: 1, neutral: 0, negative: 1 } },
    { theme: 'price', answers: 1, share: 0.5, sentiment: { positive: 1, neutral: 0, negative: 0 } },
  ]);
  assert.deepEqual((await results('?theme=price')).answers.map((a) => a.id), [happy]);
  assert.deepEqual((await results('?theme=delivery&sentiment=negative')).answers.map((a) => a.id), [late]);
  const filtered = await results('?sentiment=negative');
  assert.equal(filtered.themes.length, 2, 'the theme summary is not narrowed by the filter');
  assert.equal((await server.api(`/api/v1/surveys/${surveyId}/results?theme=weather`, { token: researcher })).status, 400);
});

test('a researcher corrects an answer (audited), and a similar later answer follows the correction', async () => {
  const comment = 'Mein Kram wurde verschlampt';
  const first = await answer(3, comment);
  assert.deepEqual([byId(await results(), first).sentiment, byId(await results(), first).themes], ['neutral', []], 'unknown words to the rules');

  const patch = (id: string, body: unknown, token = researcher) => server.api(`/api/v1/surveys/answers/${id}`, { method: 'PATCH', token, headers: json, body: JSON.stringify(body) });
  const res = await patch(first, { sentiment: 'negative', themes: ['delivery'] });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { id: first, sentiment: 'negative', themes: ['delivery'], corrected: true });
  const corrected = byId(await results(), first);
  assert.deepEqual([corrected.sentiment, corrected.themes, corrected.corrected], ['negative', ['delivery'], true]);
  const trail = sqliteDb(server.store).prepare("SELECT detail FROM audit WHERE action = 'survey.answer.correct'").pluck().all() as string[];
  assert.equal(trail.length, 1);
  assert.match(trail[0]!, /neutral→negative/);

  const later = await answer(4, 'Schon wieder Kram verschlampt!');
  assert.deepEqual([byId(await results(), later).sentiment, byId(await results(), later).themes], ['negative', ['delivery']]);

  assert.equal((await patch(first, {})).status, 400, 'nothing to correct');
  assert.equal((await patch(first, { sentiment: 'furious' })).status, 400);
  assert.equal((await patch('no-such-answer', { sentiment: 'positive' })).status, 404);
  assert.equal((await patch(await answer(9), { sentiment: 'positive' })).status, 409, 'an answer without a comment');
  assert.equal((await server.api(`/api/v1/surveys/answers/${first}`, { method: 'PATCH', token: 'nope', headers: json, body: '{"sentiment":"positive"}' })).status, 401);
});

test('answers stored before comments were analysed are labelled when their results are read', async () => {
  const id = await answer(1, 'Checkout rejected my card three times');
  sqliteDb(server.store).prepare("UPDATE survey_answers SET lang = NULL, sentiment = NULL, themes = '[]' WHERE id = ?").run(id);
  const a = byId(await results(), id);
  assert.deepEqual([a.lang, a.sentiment, a.themes], ['en', 'negative', ['checkout']]);
});

test('the labels leave with the visitor’s export and go with their erasure, corrections included', async () => {
  const siteId = (await server.store.sites.siteByKey('demo'))!.id;
  const exported = await server.store.surveys.visitorAnswers(siteId, 'visitor-4');
  assert.deepEqual([exported[0]!.sentiment, exported[0]!.themes], ['negative', ['delivery']]);
  const before = await server.store.surveys.correctionStamp(siteId);
  assert.equal((await server.api('/api/v1/privacy/visitors/visitor-4?site=demo', { method: 'DELETE' })).status, 200);
  assert.notEqual(await server.store.surveys.correctionStamp(siteId), before, 'the erased correction no longer teaches');
  assert.equal((await server.store.surveys.corrections(siteId)).length, 0);
});
