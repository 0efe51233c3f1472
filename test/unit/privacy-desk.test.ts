// The privacy officer's story: find a visitor by the email the site passed to
// identify(), export everything, erase it for real, and read the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { storedText } from '../helpers/stored-bytes.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let server: TestServer;
let privacyToken: string;
const T0 = 1_700_000_000_000;
const ANNA = { visitor: 'visitor-anna-0001', session: 'session-anna-UNIQ-7f3a', text: 'ANNA-UNIQUE-RECORDED-TEXT', email: 'anna@example.com' };
const BERT = { visitor: 'visitor-bert-0002', session: 'session-bert-UNIQ-9c1d', text: 'BERT-UNIQUE-RECORDED-TEXT' };

const chunk = (who: { visitor: string; session: string; text: string }, seq: number, extra: Record<string, unknown> = {}) => ({
  site: 'demo',
  visitor: who.visitor,
  session: who.session,
  seq,
  events: [{ type: 3, timestamp: T0 + seq * 1000, data: { source: 0, texts: [{ id: 1, value: who.text }] } }],
  pages: seq === 0 ? [{ pv: 0, url: 'https://demo.example/', ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }] : [],
  ...extra,
});
const post = (body: unknown) => fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) });
const as = (token: string) => ({ token });

before(async () => {
  server = await startTestServer();
  const consent = { ts: T0, scopes: { replay: true, surveys: true }, mechanism: 'banner', version: '3', gpc: false, dnt: false };
  assert.equal((await post(chunk(ANNA, 0, { consent, identify: ANNA.email }))).status, 202);
  assert.equal((await post(chunk(ANNA, 1))).status, 202);
  assert.equal((await post(chunk(BERT, 0, { consent }))).status, 202);
  const res = await server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'privacy', label: 'DPO desk' }) });
  privacyToken = ((await res.json()) as { token: string }).token;
});
after(() => server.close());

test('a lookup by the email given to identify() finds only that visitor', async () => {
  const res = await server.api(`/api/v1/privacy/lookup?externalId=${encodeURIComponent(ANNA.email)}`, as(privacyToken));
  assert.equal(res.status, 200);
  const { visitors } = (await res.json()) as { visitors: { visitor: string; sessions: number; identified: boolean }[] };
  assert.deepEqual(visitors.map((v) => [v.visitor, v.sessions, v.identified]), [[ANNA.visitor, 1, true]]);
  const bySession = (await (await server.api(`/api/v1/privacy/lookup?sessionId=${BERT.session}`, as(privacyToken))).json()) as { visitors: { visitor: string }[] };
  assert.deepEqual(bySession.visitors.map((v) => v.visitor), [BERT.visitor]);
});

test("the export holds the visitor's sessions, events and consent receipt, and nothing of anyone else", async () => {
  const res = await server.api(`/api/v1/privacy/visitors/${ANNA.visitor}/export`, as(privacyToken));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition') ?? '', /attachment/);
  const text = await res.text();
  const doc = JSON.parse(text) as { visitor: string; sessions: { id: string; consent: { version: string }; events: { data: { texts: { value: string }[] } }[] }[] };
  assert.equal(doc.visitor, ANNA.visitor);
  assert.deepEqual(doc.sessions.map((s) => s.id), [ANNA.session]);
  assert.equal(doc.sessions[0]!.consent.version, '3');
  assert.deepEqual(doc.sessions[0]!.events.map((e) => e.data.texts[0]!.value), [ANNA.text, ANNA.text]);
  assert.ok(!text.includes(BERT.visitor) && !text.includes(BERT.text));
  assert.ok(!text.includes(ANNA.email), 'the raw external id was never stored, so it cannot be exported');
});

test('erasure removes every trace from the database files and leaves the other visitor intact', async () => {
  const res = await server.api(`/api/v1/privacy/visitors/${ANNA.visitor}`, { ...as(privacyToken), method: 'DELETE' });
  assert.equal(res.status, 200);
  const receipt = (await res.json()) as { erased: { removed: Record<string, number>; by: { label: string } } };
  assert.deepEqual(receipt.erased.removed, { sessions: 1, chunks: 2, pageViews: 1, clicks: 0, surveyAnswers: 0, visitors: 1, notes: 0 });
  assert.equal(receipt.erased.by.label, 'DPO desk');

  assert.equal((await server.api(`/api/v1/sessions/${ANNA.session}`)).status, 404);
  assert.equal((await server.api(`/api/v1/privacy/visitors/${ANNA.visitor}/export`, as(privacyToken))).status, 404);
  const lookup = (await (await server.api(`/api/v1/privacy/lookup?externalId=${encodeURIComponent(ANNA.email)}`, as(privacyToken))).json()) as { visitors: unknown[] };
  assert.deepEqual(lookup.visitors, []);

  const bytes = storedText(server);
  for (const trace of [ANNA.session, ANNA.visitor, ANNA.text]) assert.ok(!bytes.includes(trace), `${trace} is gone from the files`);
  assert.ok(bytes.includes(BERT.text) && bytes.includes(BERT.session), "the other visitor's data is intact");
  assert.equal((await post(chunk(ANNA, 2))).status, 410, 'a late chunk of the erased session is refused');
});

test('the audit trail records each action, holds no personal data, and its chain verifies', async () => {
  const res = await server.api('/api/v1/audit', as(privacyToken));
  assert.equal(res.status, 200);
  const body = (await res.json()) as { entries: { action: string; actorLabel: string }[]; chain: string };
  const actions = body.entries.map((e) => e.action);
  for (const action of ['visitor.lookup', 'visitor.export', 'visitor.erase', 'token.create']) assert.ok(actions.includes(action), action);
  assert.equal(body.chain, 'intact');
  const raw = JSON.stringify(body);
  for (const secret of [ANNA.email, ANNA.visitor, ANNA.session, '127.0.0.1']) assert.ok(!raw.includes(secret), `${secret} is not in the trail`);
  // An officer can still ask "was this session erased, and by whom?" by its id.
  const byObject = (await (await server.api(`/api/v1/audit?objectId=${ANNA.visitor}`, as(privacyToken))).json()) as { entries: { action: string }[] };
  assert.deepEqual(byObject.entries.map((e) => e.action).sort(), ['visitor.erase', 'visitor.export']);
  const csv = await (await server.api('/api/v1/audit?format=csv', as(privacyToken))).text();
  assert.match(csv.split('\n')[0]!, /^at,actor,role,action/);

  sqliteDb(server.store).prepare("UPDATE audit SET actor_label = 'someone else' WHERE action = 'visitor.erase'").run();
  assert.notEqual((await server.store.audit.verifyAudit()).brokenAt, null, 'an edited row breaks the chain');
});
