// Every action the privacy desk promises to record is in the audit trail — and the
// trail holds none of the personal data those actions touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { provenVisitor } from '../helpers/visitor-key.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let server: TestServer;
const T0 = Date.now() - 60_000;
const EMAIL = 'audit.person@example.com';
const PAGE = 'https://demo.example/account?user=audit.person@example.com';
const A = { visitor: 'audit-visitor-AAAA', session: 'audit-session-AAAA', text: 'AUDIT-RECORDED-TEXT-AAAA' };
const B = { ...provenVisitor(), session: 'audit-session-BBBB', text: 'AUDIT-RECORDED-TEXT-BBBB' };

const json = (method: string, body: unknown) => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const ingest = (who: typeof A, extra: Record<string, unknown> = {}) =>
  fetch(server.url + '/api/v1/ingest', {
    method: 'POST',
    body: JSON.stringify({
      site: 'demo', visitor: who.visitor, session: who.session, seq: 0,
      events: [
        { type: 4, timestamp: T0, data: { href: PAGE, width: 1280, height: 720 } },
        { type: 2, timestamp: T0 + 1, data: { node: { type: 0, id: 1, childNodes: [{ type: 3, id: 2, textContent: who.text }] }, initialOffset: { top: 0, left: 0 } } },
      ],
      pages: [{ pv: 0, url: PAGE, ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }],
      ...extra,
    }),
  });

before(async () => (server = await startTestServer()));
after(() => server.close());

test('login, token and site changes, replay reads, lookup, exports, erasures, revocation, retention and reading the trail are each recorded, without personal data', async () => {
  const created = (await (await server.api('/api/v1/tokens', json('POST', { role: 'privacy', label: 'Officer' }))).json()) as { token: string };
  assert.equal((await fetch(server.url + '/api/v1/auth/login', json('POST', { token: created.token }))).status, 204);
  const site = (await (await server.api('/api/v1/sites', json('POST', { name: 'Audit shop', origins: ['https://audit.example'] }))).json()) as { key: string };
  assert.equal((await server.api(`/api/v1/sites/${site.key}`, json('PATCH', { webhookUrl: null }))).status, 200);
  // Run without blocking this process: the server under test lives in it, and a blocked
  // event loop lets its idle keep-alive sockets expire under the next request.
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/admin/cli.ts', 'site', 'add', '--name', 'From the shell'], { env: { ...process.env, DATA_DIR: server.dataDir } });

  assert.equal((await ingest(A, { identify: EMAIL, consent: { ts: T0, scopes: { replay: true, surveys: true }, mechanism: 'api', version: '1', gpc: false, dnt: false } })).status, 202);
  assert.equal((await ingest(B)).status, 202);
  assert.equal((await server.api(`/api/v1/sessions/${A.session}/events`)).status, 200);
  // The viewer then loads the replay's other segments: the same viewing, no second row.
  assert.equal((await server.api(`/api/v1/sessions/${A.session}/events?from=${T0}`)).status, 200);
  assert.equal((await server.api(`/api/v1/heatmaps/snapshot?site=demo&url=${encodeURIComponent('https://demo.example/account')}`)).status, 200);
  assert.equal((await server.api(`/api/v1/privacy/lookup?externalId=${encodeURIComponent(EMAIL)}`)).status, 200);
  assert.equal((await server.api(`/api/v1/privacy/visitors/${A.visitor}/export`)).status, 200);
  const zip = await server.api(`/api/v1/privacy/visitors/${A.visitor}/export?format=zip`);
  assert.equal(zip.status, 200);
  await zip.arrayBuffer();
  assert.equal((await server.api(`/api/v1/sessions/${B.session}`, { method: 'DELETE' })).status, 200);
  assert.equal((await ingest({ ...B, session: 'audit-session-CCCC' })).status, 202);
  assert.equal((await fetch(server.url + '/api/v1/consent/revoke', json('POST', { site: 'demo', visitor: B.visitor, session: 'audit-session-CCCC', proof: B.proof }))).status, 202);
  assert.equal((await server.api(`/api/v1/privacy/visitors/${A.visitor}`, { method: 'DELETE' })).status, 200);
  assert.equal((await server.api('/api/v1/audit')).status, 200);

  const rows = await server.store.audit.listAudit({ limit: 1000 });
  const count = (action: string, pred: (d: Record<string, unknown>) => boolean = () => true) => rows.filter((r) => r.action === action && pred(r.detail)).length;
  assert.equal(count('auth.login'), 1);
  assert.equal(count('token.create'), 1);
  assert.equal(count('site.create'), 2, 'one by the API, one by the command line');
  assert.ok(rows.some((r) => r.action === 'site.create' && r.actorLabel === 'command line'));
  assert.equal(count('site.change'), 1);
  assert.equal(count('replay.read', (d) => d.via === undefined), 1, 'the replay, once for its two requests');
  assert.equal(count('replay.read', (d) => d.via === 'heatmap'), 1, 'the page snapshot under a heatmap');
  assert.equal(count('visitor.lookup'), 1);
  assert.equal(count('visitor.export', (d) => d.format === 'json'), 1);
  assert.equal(count('visitor.export', (d) => d.format === 'zip'), 1);
  assert.equal(count('session.erase'), 1);
  assert.equal(count('consent.revoke'), 1);
  assert.equal(count('visitor.erase'), 1);
  assert.ok(count('retention.run') >= 1, 'the retention run at start');
  assert.equal(count('audit.read'), 1);
  assert.equal((await server.store.audit.verifyAudit()).brokenAt, null);

  const trail = JSON.stringify(sqliteDb(server.store).prepare('SELECT * FROM audit').all());
  for (const personal of [EMAIL, 'audit.person', A.visitor, A.session, A.text, B.visitor, B.session, 'audit-session-CCCC', '127.0.0.1', created.token]) {
    assert.ok(!trail.includes(personal), `${personal} is not in the audit trail`);
  }
});
