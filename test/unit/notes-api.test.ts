// A researcher's notes on moments of a replay: written, listed, deleted only by their
// author or an admin, audited, exported and erased with the person's visit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.ts';
import { storedText } from '../helpers/stored-bytes.ts';

let server: TestServer;
const tokens: Record<'ada' | 'ben' | 'dpo', string> = { ada: '', ben: '', dpo: '' };
const T0 = 1_700_000_000_000;
const VISIT = { visitor: 'visitor-notes-0001', session: 'session-notes-UNIQ-41c2' };
const NOTE_TEXT = 'NOTE-UNIQUE-TEXT hesitates over the <b>price</b>';

const post = (body: unknown) => fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) });
const jsonBody = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const notesOf = (session: string, token: string) => server.api(`/api/v1/sessions/${session}/notes`, { token });
const addNote = (token: string, body: unknown, session = VISIT.session) => server.api(`/api/v1/sessions/${session}/notes`, { token, ...jsonBody(body) });

async function newToken(role: string, label: string): Promise<string> {
  const res = await server.api('/api/v1/tokens', jsonBody({ role, label }));
  return ((await res.json()) as { token: string }).token;
}

before(async () => {
  server = await startTestServer();
  const consent = { ts: T0, scopes: { replay: true, surveys: true }, mechanism: 'banner', version: '3', gpc: false, dnt: false };
  const status = (
    await post({
      site: 'demo', visitor: VISIT.visitor, session: VISIT.session, seq: 0, consent,
      events: [{ type: 3, timestamp: T0, data: { source: 0, texts: [] } }],
      pages: [{ pv: 0, url: 'https://demo.example/', ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }],
    })
  ).status;
  assert.equal(status, 202);
  tokens.ada = await newToken('researcher', 'Ada (UX)');
  tokens.ben = await newToken('researcher', 'Ben (UX)');
  tokens.dpo = await newToken('privacy', 'DPO desk');
});
after(() => server.close());

test('a researcher adds a note at a moment and every researcher sees it', async () => {
  const res = await addNote(tokens.ada, { at: 12_345, text: `  ${NOTE_TEXT}  ` });
  assert.equal(res.status, 201);
  const note = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(note).sort(), ['at', 'author', 'createdAt', 'id', 'text']);
  assert.equal(note.at, 12_345);
  assert.equal(note.text, NOTE_TEXT, 'kept as written, without the surrounding blanks');
  assert.equal(note.author, 'Ada (UX)');
  assert.equal(typeof note.createdAt, 'number');

  const list = (await (await notesOf(VISIT.session, tokens.ben)).json()) as { notes: { id: string; text: string }[] };
  assert.deepEqual(list.notes.map((n) => [n.id, n.text]), [[note.id, NOTE_TEXT]]);
});

test('notes are listed in replay order', async () => {
  const early = (await (await addNote(tokens.ben, { at: 1_000, text: 'early' })).json()) as { id: string };
  const { notes } = (await (await notesOf(VISIT.session, tokens.ada)).json()) as { notes: { id: string; at: number }[] };
  assert.deepEqual(notes.map((n) => n.at), [1_000, 12_345]);
  assert.equal(notes[0]!.id, early.id);
});

test('a note that is empty, too long, or not at a moment is refused with a reason', async () => {
  for (const body of [{ at: 5, text: '   ' }, { at: 5, text: 'x'.repeat(2001) }, { at: -1, text: 'a' }, { at: 1.5, text: 'a' }, { text: 'a' }, { at: 5, text: 'a', author: 'someone else' }]) {
    const res = await addNote(tokens.ada, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_note');
  }
  assert.equal((await addNote(tokens.ada, { at: 5, text: 'a' }, 'no-such-session')).status, 404);
});

test('only a researcher reads or writes notes', async () => {
  assert.equal((await notesOf(VISIT.session, tokens.dpo)).status, 403);
  assert.equal((await addNote(tokens.dpo, { at: 5, text: 'a' })).status, 403);
  assert.equal((await server.api(`/api/v1/sessions/${VISIT.session}/notes`, { token: null })).status, 401);
});

test('a note is deleted by its author or an admin, never by another researcher', async () => {
  const mine = (await (await addNote(tokens.ada, { at: 2_000, text: 'Ada’s' })).json()) as { id: string };
  const other = (await (await addNote(tokens.ada, { at: 3_000, text: 'Ada’s too' })).json()) as { id: string };
  const del = (id: string, token: string) => server.api(`/api/v1/notes/${id}`, { token, method: 'DELETE' });

  const refused = await del(mine.id, tokens.ben);
  assert.equal(refused.status, 403);
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'not_your_note');
  assert.equal((await del(mine.id, tokens.ada)).status, 204);
  assert.equal((await del(mine.id, tokens.ada)).status, 404, 'gone');
  assert.equal((await del(other.id, ADMIN_TOKEN)).status, 204);
  const { notes } = (await (await notesOf(VISIT.session, tokens.ada)).json()) as { notes: { id: string }[] };
  assert.ok(!notes.some((n) => n.id === mine.id || n.id === other.id));
});

test('reading notes is in the audit trail as a replay read, writing and deleting as their own actions', async () => {
  const rows = await server.store.audit.listAudit({ limit: 200 });
  const by = (label: string, action: string) => rows.filter((r) => r.actorLabel === label && r.action === action).length;
  assert.equal(by('Ben (UX)', 'replay.read'), 1, 'one viewing of the session, one row');
  assert.ok(by('Ada (UX)', 'note.create') >= 2);
  assert.equal(by('Ada (UX)', 'note.delete'), 1);
  assert.ok(!JSON.stringify(rows).includes(NOTE_TEXT), 'the trail holds no note text');
});

test("the notes are in the visitor's export, and erased with the visitor", async () => {
  const exported = await server.api(`/api/v1/privacy/visitors/${VISIT.visitor}/export`, { token: tokens.dpo });
  assert.equal(exported.status, 200);
  const doc = (await exported.json()) as { sessions: { id: string; notes: { text: string; at: number }[] }[] };
  assert.deepEqual(doc.sessions[0]!.notes.map((n) => n.text), ['early', NOTE_TEXT]);

  const res = await server.api(`/api/v1/privacy/visitors/${VISIT.visitor}`, { token: tokens.dpo, method: 'DELETE' });
  assert.equal(res.status, 200);
  const { erased } = (await res.json()) as { erased: { removed: { notes: number } } };
  assert.equal(erased.removed.notes, 2);
  assert.equal((await notesOf(VISIT.session, tokens.ada)).status, 404);
  assert.equal((await server.store.notes.sessionNotes(VISIT.session)).length, 0);
  assert.ok(!storedText(server).includes('NOTE-UNIQUE-TEXT'), 'the note text is gone from the database files');
});
