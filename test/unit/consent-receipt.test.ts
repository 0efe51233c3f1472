// Consent receipts: what a session keeps as proof of consent, and the revocations
// a visitor's export shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { BANNER_TEXT } from '../../contract/banner-text.ts';
import { bannerTextHash } from '../../server/ingest/consent-receipt.ts';
import { provenVisitor } from '../helpers/visitor-key.ts';

let server: TestServer;
// Revoked below: an id the browser can prove, as the recorder makes them.
const VISITOR_1 = provenVisitor();
const T0 = 1_700_000_000_000;
const consent = (extra: Record<string, unknown>) => ({ ts: T0, scopes: { replay: true, surveys: false }, mechanism: 'banner', version: '4', gpc: true, dnt: false, ...extra });
const ingest = (site: string, visitor: string, session: string, extra: Record<string, unknown> = {}) =>
  fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify({ site, visitor, session, seq: 0, events: [{ type: 3, timestamp: T0, data: {} }], ...extra }) });

before(async () => (server = await startTestServer()));
after(() => server.close());

/** esbuild writes non-ASCII characters of string literals as \xHH escapes. */
const asEsbuildLiteral = (text: string) => text.replace(/[\u0080-\u00ff]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));

test('the hashed banner words are the very ones bundled into the stub visitors download', () => {
  const stub = readFileSync('dist/einblick.js', 'utf8');
  for (const lang of ['en', 'de'] as const) {
    for (const words of BANNER_TEXT[lang]) assert.ok(stub.includes(`"${asEsbuildLiteral(words)}"`), `"${words}" is in dist/einblick.js`);
    assert.equal(bannerTextHash(lang), createHash('sha256').update(BANNER_TEXT[lang].join('\n')).digest('hex'));
  }
  assert.notEqual(bannerTextHash('en'), bannerTextHash('de'));
});

test('a banner consent keeps when, scopes, version, GPC/DNT, language and the hash of the text shown', async () => {
  assert.equal((await ingest('demo', VISITOR_1.visitor, 'receipt-session-1', { consent: consent({ lang: 'de' }) })).status, 202);
  const kept = (await server.store.sessions.sessionDetail('receipt-session-1'))!.consent;
  assert.deepEqual(kept, { ...consent({ lang: 'de' }), bannerHash: bannerTextHash('de') });
});

test('api consent keeps no banner hash (the site showed its own words, named by version), and a client cannot send one', async () => {
  assert.equal((await ingest('demo', 'receipt-visitor-2', 'receipt-session-2', { consent: consent({ mechanism: 'api' }) })).status, 202);
  assert.equal((await server.store.sessions.sessionDetail('receipt-session-2'))!.consent!.bannerHash, undefined);
  const forged = await ingest('demo', 'receipt-visitor-3', 'receipt-session-3', { consent: consent({ lang: 'en', bannerHash: 'f'.repeat(64) }) });
  assert.equal(forged.status, 400);
});

test("a visitor's export holds each session's receipt and the revocations given on other sites", async () => {
  const res = await server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Second', origins: ['https://second.example'] }) });
  const { key } = (await res.json()) as { key: string };
  assert.equal((await ingest(key, VISITOR_1.visitor, 'receipt-session-4', { consent: consent({ mechanism: 'tcf' }) })).status, 202);
  const revoke = await fetch(server.url + '/api/v1/consent/revoke', { method: 'POST', body: JSON.stringify({ site: key, visitor: VISITOR_1.visitor, session: 'receipt-session-4', proof: VISITOR_1.proof }) });
  assert.equal(revoke.status, 202);

  const doc = (await (await server.api(`/api/v1/privacy/visitors/${VISITOR_1.visitor}/export`)).json()) as {
    sessions: { id: string; consent: { bannerHash?: string; lang?: string } }[];
    revocations: { revokedAt: string; site: string; erased: { sessions: number } }[];
  };
  assert.deepEqual(doc.sessions.map((s) => [s.id, s.consent.lang, s.consent.bannerHash]), [['receipt-session-1', 'de', bannerTextHash('de')]]);
  assert.equal(doc.revocations.length, 1);
  assert.equal(doc.revocations[0]!.site, key);
  assert.equal(doc.revocations[0]!.erased.sessions, 1);
  assert.ok(Date.parse(doc.revocations[0]!.revokedAt) > 0);
  const trail = JSON.stringify(await server.store.audit.listAudit({ action: 'consent.revoke', limit: 10 }));
  assert.ok(!trail.includes(VISITOR_1.visitor) && !trail.includes('receipt-session-4'), 'the revocation receipt in the trail holds no id');
});
