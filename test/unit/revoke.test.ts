// Only the visitor's own browser may revoke: what a researcher sees (site, visitor,
// session) is not enough, the visitor key is, and the key is kept nowhere. Revoking
// ids no one ever used leaves no lasting trace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { provenVisitor } from '../helpers/visitor-key.ts';
import { storedText } from '../helpers/stored-bytes.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let server: TestServer;
const T0 = 1_700_000_000_000;
let n = 0;

before(async () => (server = await startTestServer({ limits: { perClient: { perSecond: 1000, burst: 1000 } } })));
after(() => server.close());

const newSession = () => `revoke-session-${String(++n).padStart(4, '0')}`;
const chunk = (visitor: string, session: string, seq = 0) => ({
  site: 'demo',
  visitor,
  session,
  seq,
  events: [{ type: 3, timestamp: T0 + seq, data: { source: 0, texts: [{ id: 1, value: 'REVOKE-RECORDED-TEXT' }] } }],
  pages: seq === 0 ? [{ pv: 0, url: 'https://demo.example/', ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }] : [],
});
const ingest = (body: unknown) => fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) });
const revoke = (body: unknown) => fetch(server.url + '/api/v1/consent/revoke', { method: 'POST', body: JSON.stringify(body) });
const revocations = async () => (await server.store.audit.listAudit({ limit: 10_000 })).filter((r) => r.action === 'consent.revoke').length;
const count = (table: string) => (sqliteDb(server.store).prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

/** What a researcher sees of a recorded visitor: the site, the visitor id and the session id. */
async function recordedVisitor() {
  const who = { ...provenVisitor(), session: newSession() };
  assert.equal((await ingest(chunk(who.visitor, who.session))).status, 202);
  return who;
}

test('a revoke with only what a researcher sees is refused and erases nothing', async () => {
  const { visitor, session } = await recordedVisitor();
  const before = await revocations();
  const res = await revoke({ site: 'demo', visitor, session });
  assert.equal(res.status, 403);
  assert.equal(await codeOf(res), 'visitor_proof_required');
  assert.ok(await server.store.sessions.sessionSummary(session), 'the session is still held');
  assert.equal((await server.store.visitors.visitorsById(visitor)).length, 1);
  assert.equal(await revocations(), before, 'nothing to receipt');
  assert.equal((await ingest(chunk(visitor, session, 1))).status, 202, 'the visitor still records');
});

test("a revoke with another visitor's key is refused and erases nothing", async () => {
  const { visitor, session } = await recordedVisitor();
  const res = await revoke({ site: 'demo', visitor, session, proof: provenVisitor().proof });
  assert.equal(res.status, 403);
  assert.equal(await codeOf(res), 'visitor_proof_invalid');
  assert.ok(await server.store.sessions.sessionSummary(session));
});

test("the visitor's key revokes: everything erased, one receipt, and the key is kept nowhere", async () => {
  const { visitor, session, proof } = await recordedVisitor();
  const before = await revocations();
  const res = await revoke({ site: 'demo', visitor, session, proof });
  assert.equal(res.status, 202);
  const answer = await res.text();
  assert.equal((JSON.parse(answer) as { erased: { sessions: number } }).erased.sessions, 1);
  assert.ok(!answer.includes(proof), 'the key is not in the answer');
  assert.equal(await server.store.sessions.sessionSummary(session), null);
  assert.equal(await revocations(), before + 1);
  assert.equal((await ingest(chunk(visitor, newSession()))).status, 410, 'a new session of the revoked visitor is refused');
  const audit = await server.api('/api/v1/audit?format=csv');
  assert.ok(!(await audit.text()).includes(proof), 'the key is not in the audit trail');
  assert.ok(!storedText(server).includes(proof), 'the key is not in the database or its WAL');
});

test('revoking made-up ids leaves no receipt, no session tombstone, and visitor tombstones that expire', async () => {
  const receipts = await revocations();
  const sessionTombstones = count('tombstones');
  const visitorTombstones = count('visitor_tombstones');
  const madeUp = Array.from({ length: 30 }, () => ({ ...provenVisitor(), session: newSession() }));
  for (const { visitor, session, proof } of madeUp) {
    const res = await revoke({ site: 'demo', visitor, session, proof });
    assert.equal(res.status, 202);
  }
  // Twice the same id is one tombstone.
  assert.equal((await revoke({ site: 'demo', ...madeUp[0]! })).status, 202);
  assert.equal(await revocations(), receipts, 'no audit row for a revoke that erased nothing');
  assert.equal(count('tombstones'), sessionTombstones, 'no tombstone for sessions never stored');
  assert.equal(count('visitor_tombstones'), visitorTombstones + 30);
  // Until they expire they refuse chunks already on their way.
  assert.equal((await ingest(chunk(madeUp[1]!.visitor, madeUp[1]!.session))).status, 410);
  // Any later revoke clears the expired ones; a held visitor's tombstone is kept.
  const siteId = (await server.store.sites.siteByKey('demo'))!.id;
  await server.store.erasure.eraseVisitor(siteId, provenVisitor().visitor, { now: Date.now() + 2 * 60 * 60 * 1000 });
  assert.equal(count('visitor_tombstones'), visitorTombstones + 1, 'the expired tombstones are gone, the new one is there');
});

test('the recorder sends only the key: the server derives the visitor id from it', async () => {
  const { visitor, proof, session } = await recordedVisitor();
  const res = await revoke({ site: 'demo', proof });
  assert.equal(res.status, 202);
  assert.equal(await server.store.sessions.sessionSummary(session), null, "the session is erased");
  assert.equal((await server.store.visitors.visitorsById(visitor)).length, 0);
  assert.equal((await ingest(chunk(visitor, newSession()))).status, 410, 'and the visitor is tombstoned');
  // A key with someone else's id next to it proves neither.
  const other = await recordedVisitor();
  const mixed = await revoke({ site: 'demo', visitor: other.visitor, proof });
  assert.equal(mixed.status, 403);
  assert.ok(await server.store.sessions.sessionSummary(other.session), 'the other visitor is untouched');
});
