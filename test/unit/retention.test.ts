// Retention removes exactly what is older than the site's limit, on an injected clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { runRetention } from '../../server/privacy/retention.ts';
import { makeConfig } from '../../server/config.ts';
import { loadOrCreateSecret } from '../../server/privacy/secret.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 22, 12);
let server: TestServer;

const session = (id: string, lastActive: number) => ({
  site: 'demo',
  visitor: `visitor-${id}`,
  session: `session-${id}`,
  seq: 0,
  events: [{ type: 3, timestamp: lastActive - 60_000, data: {} }, { type: 3, timestamp: lastActive, data: {} }],
});

before(async () => {
  server = await startTestServer();
  const sessions = [session('old-a', NOW - 91 * DAY), session('old-b', NOW - 200 * DAY), session('edge', NOW - 89 * DAY), session('new', NOW - DAY)];
  for (const s of sessions) assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(s) })).status, 202);
});
after(() => server.close());

test('sessions older than the 90-day limit go, younger ones stay, with their notes, and the run is audited', async () => {
  const note = (session: string) => server.store.notes.addNote({ id: `note-of-${session}`, session, at: 0, text: 'hesitates', authorTokenId: 1, author: 'Ada', createdAt: NOW });
  await note('session-old-a');
  await note('session-new');
  const ctx = { config: makeConfig({ port: 0, dataDir: server.dataDir }), store: server.store, secret: loadOrCreateSecret(path.join(server.dataDir, 'secret.key')) };
  const [run] = await runRetention(ctx, NOW);
  assert.equal(run?.site, 'demo');
  assert.deepEqual(run?.removed, { sessions: 2, chunks: 2, pageViews: 0, clicks: 0, surveyAnswers: 0, visitors: 2, notes: 1 });
  const left = (await server.store.sessions.listSessions({ limit: 10 })).sessions.map((s) => s.id).sort();
  assert.deepEqual(left, ['session-edge', 'session-new']);
  const [entry] = await server.store.audit.listAudit({ action: 'retention.run', limit: 5 });
  assert.deepEqual(entry?.detail, { site: 'demo', retentionDays: 90, sessions: 2, chunks: 2, pageViews: 0, clicks: 0, surveyAnswers: 0, visitors: 2, notes: 1 });
  assert.deepEqual((await server.store.notes.sessionNotes('session-new')).length, 1, 'the younger session keeps its note');
  assert.deepEqual((await runRetention(ctx, NOW))[0]?.removed.sessions, 0, 'a second run finds nothing more');
});
