// Surveys over HTTP: an admin creates one, pages ask which apply, visitors answer, and a
// researcher reads the score, the trend and the answers linked to their replay moments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { storedText } from '../helpers/stored-bytes.ts';

let server: TestServer;
const T0 = Date.parse('2026-11-30T10:00:00Z');
const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
/** Public calls are sent as the recorder sends them: a text/plain string body. */
const publicPost = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(server.url + path, { method: 'POST', body: JSON.stringify(body), headers });

async function createSurvey(body: Record<string, unknown>): Promise<string> {
  const res = await server.api('/api/v1/surveys', json({ site: 'demo', ...body }));
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

const chunk = (visitor: string, session: string, seq: number, ts: number, width = 1280) => ({
  site: 'demo', visitor, session, seq,
  events: [{ type: 4, timestamp: ts, data: { href: 'https://demo.example/checkout', width, height: 720 } }],
  pages: seq === 0 ? [{ pv: 0, url: 'https://demo.example/checkout', ts, viewportWidth: width, viewportHeight: 720, docWidth: width, docHeight: 2000 }] : [],
});

before(async () => {
  server = await startTestServer({ webhook: { retryBaseMs: 100, pollMs: 50, maxAttempts: 3 } });
});
after(() => server.close());

test('an admin creates a survey; a page gets only the surveys whose URL rule matches', async () => {
  const checkout = await createSurvey({ kind: 'nps', question: { en: 'How likely are you to recommend us?', de: 'Wie wahrscheinlich empfehlen Sie uns?' }, trigger: { urlContains: '/checkout', afterSeconds: 5 } });
  await createSurvey({ kind: 'csat', question: 'Happy with search?', trigger: { urlContains: '/search' } });
  const res = await fetch(`${server.url}/api/v1/surveys/active?site=demo&url=${encodeURIComponent('https://demo.example/checkout?step=2')}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const { surveys } = (await res.json()) as { surveys: { id: string; question: { de: string }; trigger: { afterSeconds: number }; capDays: number; sample: number }[] };
  assert.deepEqual(surveys.map((s) => s.id), [checkout]);
  assert.equal(surveys[0]!.question.de, 'Wie wahrscheinlich empfehlen Sie uns?');
  assert.deepEqual([surveys[0]!.trigger.afterSeconds, surveys[0]!.capDays, surveys[0]!.sample], [5, 30, 1]);
});

test('a German question falls back to the English one, and bad surveys are refused with the field named', async () => {
  const id = await createSurvey({ kind: 'ces', question: 'How easy was it?' });
  const list = (await (await server.api('/api/v1/surveys?site=demo')).json()) as { surveys: { id: string; question: { de: string } }[] };
  assert.equal(list.surveys.find((s) => s.id === id)?.question.de, 'How easy was it?');
  const bad = await server.api('/api/v1/surveys', json({ site: 'demo', kind: 'stars', question: 'x' }));
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { error: { message: string } }).error.message, /kind/);
});

test('answers are checked against the survey: its site, its scale, a score or a dismissal', async () => {
  const id = await createSurvey({ kind: 'csat', question: 'Happy?' });
  const base = { site: 'demo', survey: id, visitor: 'visitor-check-0001', url: 'https://demo.example/', ts: T0 };
  const outOfRange = await publicPost('/api/v1/surveys/answer', { ...base, score: 9 });
  assert.equal(outOfRange.status, 400);
  assert.match(((await outOfRange.json()) as { error: { message: string } }).error.message, /1 to 5/);
  assert.equal((await publicPost('/api/v1/surveys/answer', { ...base })).status, 400, 'neither a score nor a dismissal');
  assert.equal((await publicPost('/api/v1/surveys/answer', { ...base, survey: 'srv_doesnotexist', score: 4 })).status, 404);
  assert.equal((await publicPost('/api/v1/surveys/answer', { ...base, site: 'nosuchsite', score: 4 })).status, 403);
  const foreign = await publicPost('/api/v1/surveys/answer', { ...base, score: 4 }, { Origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
  assert.equal((await publicPost('/api/v1/surveys/answer', { ...base, dismissed: true })).status, 202);
});

test('the results give the NPS, distribution, response rate and answers linked to the replay moment', async () => {
  const id = await createSurvey({ kind: 'nps', question: 'Recommend us?' });
  // Three visitors see it; two answer (a promoter inside a recorded session, a detractor
  // on a phone with surveys-only consent); the third dismisses it.
  const ana = { visitor: 'visitor-ana-00001', session: 'session-ana-000001' };
  assert.equal((await publicPost('/api/v1/ingest', chunk(ana.visitor, ana.session, 0, T0))).status, 202);
  for (const who of ['visitor-ana-00001', 'visitor-bob-00002', 'visitor-cem-00003']) {
    assert.equal((await publicPost('/api/v1/surveys/shown', { site: 'demo', survey: id, visitor: who, url: 'https://demo.example/checkout', ts: T0 })).status, 202);
  }
  const answer = { site: 'demo', survey: id, id: 'answer-ana-000001', visitor: ana.visitor, session: ana.session, score: 10, comment: 'Great checkout', url: 'https://demo.example/checkout?coupon=X', ts: T0 + 42_000, viewportWidth: 1280 };
  assert.equal((await publicPost('/api/v1/surveys/answer', answer)).status, 202);
  const again = await publicPost('/api/v1/surveys/answer', answer);
  assert.equal(again.status, 202);
  assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true, 'a retried answer is stored once');
  assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, id: 'answer-bob-000002', visitor: 'visitor-bob-00002', score: 3, url: 'https://demo.example/checkout', ts: T0 + 86_400_000, viewportWidth: 390 })).status, 202);
  assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, visitor: 'visitor-cem-00003', dismissed: true, url: 'https://demo.example/checkout', ts: T0 })).status, 202);

  const res = await server.api(`/api/v1/surveys/${id}/results`);
  assert.equal(res.status, 200);
  const r = (await res.json()) as {
    shown: number; answered: number; dismissed: number; responseRate: number; score: number;
    distribution: { score: number; count: number }[]; trend: { day: string; answers: number; score: number }[];
    answers: { id: string; score: number; url: string; device: string; session: string | null; replayOffset: number | null }[];
  };
  assert.deepEqual([r.shown, r.answered, r.dismissed, r.score], [3, 2, 1, 0], 'one promoter and one detractor: NPS 0');
  assert.ok(Math.abs(r.responseRate - 2 / 3) < 1e-9);
  assert.deepEqual(r.distribution.filter((d) => d.count).map((d) => [d.score, d.count]), [[3, 1], [10, 1]]);
  assert.deepEqual(r.trend, [{ day: '2026-11-30', answers: 1, score: 100 }, { day: '2026-12-01', answers: 1, score: -100 }]);
  const ana1 = r.answers.find((a) => a.id === 'answer-ana-000001')!;
  assert.deepEqual([ana1.session, ana1.replayOffset, ana1.url, ana1.device], [ana.session, 42_000, 'https://demo.example/checkout', 'desktop'], 'the query value is not kept');
  const bob = r.answers.find((a) => a.id === 'answer-bob-000002')!;
  assert.deepEqual([bob.session, bob.replayOffset, bob.device], [null, null, 'mobile'], 'surveys-only consent: no session link');

  const phones = (await (await server.api(`/api/v1/surveys/${id}/results?device=mobile`)).json()) as { answered: number; score: number };
  assert.deepEqual([phones.answered, phones.score], [1, -100]);

  const detail = (await (await server.api(`/api/v1/sessions/${ana.session}`)).json()) as { surveyAnswers: { score: number; comment: string; ts: number }[] };
  assert.deepEqual(detail.surveyAnswers.map((a) => [a.score, a.comment, a.ts]), [[10, 'Great checkout', T0 + 42_000]]);
});

test('the sessions list can be cut to a survey segment, such as detractors only', async () => {
  const id = await createSurvey({ kind: 'nps', question: 'Segment?' });
  for (const [n, score] of [[1, 2], [2, 9]] as const) {
    const session = `session-seg-00000${n}`;
    assert.equal((await publicPost('/api/v1/ingest', chunk(`visitor-seg-0000${n}`, session, 0, T0 + n))).status, 202);
    assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, visitor: `visitor-seg-0000${n}`, session, score, url: 'https://demo.example/', ts: T0 + n })).status, 202);
  }
  const ids = async (q: string) => ((await (await server.api(`/api/v1/sessions?${q}`)).json()) as { sessions: { id: string }[] }).sessions.map((s) => s.id);
  assert.deepEqual(await ids(`survey=${id}&scoreMax=6`), ['session-seg-000001']);
  assert.deepEqual((await ids(`survey=${id}`)).sort(), ['session-seg-000001', 'session-seg-000002']);
});

test('an answer for an erased session is refused, and erasing a visitor removes their answers from the file', async () => {
  const id = await createSurvey({ kind: 'csat', question: 'Erase me?' });
  const who = { visitor: 'visitor-era-00001', session: 'session-era-000001' };
  assert.equal((await publicPost('/api/v1/ingest', chunk(who.visitor, who.session, 0, T0))).status, 202);
  // Surveys-only answer: no session, so only the visitor links it.
  assert.equal((await publicPost('/api/v1/surveys/shown', { site: 'demo', survey: id, visitor: who.visitor, url: 'https://demo.example/', ts: T0 })).status, 202);
  assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, visitor: who.visitor, score: 1, comment: 'ERASE-ME-COMMENT-41', url: 'https://demo.example/', ts: T0 })).status, 202);
  const doc = (await (await server.api(`/api/v1/privacy/visitors/${who.visitor}/export`)).json()) as { surveyAnswers: { comment: string }[]; surveyShows: { survey: string; ts: number }[] };
  assert.deepEqual(doc.surveyAnswers.map((a) => a.comment), ['ERASE-ME-COMMENT-41'], 'the export holds the answer');
  assert.deepEqual(doc.surveyShows.map((w) => [w.survey, w.ts]), [[id, T0]], 'and each time a survey was shown to the visitor');
  const erased = await server.api(`/api/v1/privacy/visitors/${who.visitor}`, { method: 'DELETE' });
  assert.equal(erased.status, 200);
  assert.equal(((await erased.json()) as { erased: { removed: { surveyAnswers: number } } }).erased.removed.surveyAnswers, 1);
  assert.ok(!storedText(server).includes('ERASE-ME-COMMENT-41'), 'the comment is gone from the database file and WAL');
  const late = await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, visitor: who.visitor, session: who.session, score: 2, url: 'https://demo.example/', ts: T0 });
  assert.equal(late.status, 410);
});

test('heatmaps can be cut to a survey segment: where the detractors clicked and how far they scrolled', async () => {
  const id = await createSurvey({ kind: 'nps', question: 'Heatmap segment?' });
  const page = 'https://demo.example/segment';
  const ts = Date.now() - 60_000;
  for (const [n, score, x, depth] of [[1, 3, 100, 0.3], [2, 10, 900, 1]] as const) {
    const session = `session-heat-seg-${n}`;
    const visitor = `visitor-heat-seg-${n}`;
    const body = {
      site: 'demo', visitor, session, seq: 0, events: [{ type: 3, timestamp: ts, data: {} }],
      pages: [{ pv: 0, url: page, ts, viewportWidth: 1280, viewportHeight: 600, docWidth: 1280, docHeight: 2000 }],
      clicks: [0, 1].map((k) => ({ pv: 0, ts: ts + k, x, y: 200, selector: x < 500 ? 'a#left' : 'a#right', offsetX: 50, offsetY: 50 })),
      scroll: [{ pv: 0, ts: ts + 5, depth }],
    };
    assert.equal((await publicPost('/api/v1/ingest', body)).status, 202);
    assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, visitor, session, score, url: page, ts: ts + 10 })).status, 202);
  }
  const q = (extra: string) => `site=demo&device=desktop&url=${encodeURIComponent(page)}${extra}`;
  type Clicks = { totals: { clicks: number; pageViews: number }; top: { selector: string }[]; points: { x: number }[] };
  const everyone = (await (await server.api(`/api/v1/heatmaps/clicks?${q('')}`)).json()) as Clicks;
  assert.deepEqual([everyone.totals.clicks, everyone.totals.pageViews], [4, 2]);
  const detractors = (await (await server.api(`/api/v1/heatmaps/clicks?${q(`&survey=${id}&scoreMax=6`)}`)).json()) as Clicks;
  assert.deepEqual([detractors.totals.clicks, detractors.totals.pageViews], [2, 1]);
  assert.deepEqual(detractors.top.map((t) => t.selector), ['a#left']);
  assert.ok(detractors.points.every((p) => p.x === 100), 'only the detractor’s clicks are placed');
  const scroll = (await (await server.api(`/api/v1/heatmaps/scroll?${q(`&survey=${id}&scoreMax=6`)}`)).json()) as { pageViews: number; bands: { depth: number; share: number }[] };
  assert.equal(scroll.pageViews, 1);
  assert.equal(scroll.bands.find((b) => b.depth === 50)?.share, 0, 'the detractor stopped at 30 %');
  const png = await server.api(`/api/v1/heatmaps/clicks.png?${q(`&survey=${id}&scoreMax=6`)}`);
  assert.equal(png.status, 200);
  assert.equal((await server.api(`/api/v1/heatmaps/clicks?${q('&scoreMax=6')}`)).status, 400, 'a score bound needs its survey');

  // A busy detractor: more clicks than the viewer is sent one by one, so it gets a weighted sample of the segment.
  const busy = { visitor: 'visitor-heat-seg-3', session: 'session-heat-seg-3' };
  for (const seq of [0, 1]) {
    const body = {
      site: 'demo', ...busy, seq, events: [{ type: 3, timestamp: ts + seq, data: {} }],
      pages: seq === 0 ? [{ pv: 0, url: page, ts, viewportWidth: 1280, viewportHeight: 600, docWidth: 1280, docHeight: 2000 }] : [],
      clicks: Array.from({ length: 1250 }, (_, k) => ({ pv: 0, ts: ts + seq * 1250 + k, x: 100, y: 300, selector: 'a#left', offsetX: 50, offsetY: 50 })),
    };
    assert.equal((await publicPost('/api/v1/ingest', body)).status, 202);
  }
  assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: id, ...busy, score: 0, url: page, ts: ts + 10 })).status, 202);
  type Weighted = Omit<Clicks, 'points'> & { points: { x: number; weight: number }[] };
  const sampled = (await (await server.api(`/api/v1/heatmaps/clicks?${q(`&survey=${id}&scoreMax=6`)}`)).json()) as Weighted;
  assert.equal(sampled.totals.clicks, 2502);
  assert.ok(sampled.points.length < 2502 && sampled.points.every((p) => p.x === 100), 'a sample, of the segment only');
  const weighed = sampled.points.reduce((n, p) => n + p.weight, 0);
  assert.ok(Math.abs(weighed - 2502) < 1e-6, `the sample's weights add up to every click (${weighed})`);
});
