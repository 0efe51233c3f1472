// Query values SQLite takes in its stride but PostgreSQL's types refuse (a fraction or
// 1e21 for a bigint, a NUL in text): on a server on PostgreSQL each is answered 200, 400 or
// 404, never 500, as on the SQLite default.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startTestServer } from '../helpers/server.ts';
import { freshPgDatabase, pgSkipReason } from '../helpers/postgres.ts';

const cursor = (key: number) => Buffer.from(JSON.stringify(['-startedAt', key, 'session-0001'])).toString('base64url');

test('hostile session and heatmap filters on PostgreSQL: 200, 400 or 404, never 500', { skip: await pgSkipReason() }, async () => {
  const db = await freshPgDatabase('hostile');
  const server = await startTestServer({ storage: { databaseUrl: db.url, secretKey: randomBytes(32) } });
  after(async () => {
    await server.close();
    await db.drop();
  });
  const queries = [
    '/api/v1/sessions?site=demo&from=1.5',
    '/api/v1/sessions?site=demo&from=1e21',
    '/api/v1/sessions?site=demo&to=99999999999999999999',
    '/api/v1/sessions?site=demo&event=%00',
    '/api/v1/sessions?site=demo&clicked=a%00b',
    '/api/v1/sessions?site=demo&url=%00',
    `/api/v1/sessions?site=demo&cursor=${cursor(1.5)}`,
    `/api/v1/sessions?site=demo&cursor=${cursor(1e21)}`,
    '/api/v1/sessions?site=demo&minDuration=1.5',
    '/api/v1/heatmaps/clicks?site=demo&device=desktop&url=https%3A%2F%2Fshop.example%2F&from=1.5',
    '/api/v1/heatmaps/clicks?site=demo&device=desktop&url=https%3A%2F%2Fshop.example%2F%00',
    '/api/v1/heatmaps/scroll?site=demo&device=desktop&url=https%3A%2F%2Fshop.example%2F&to=1e21',
    '/api/v1/heatmaps/clicks?site=de%00mo&device=desktop&url=https%3A%2F%2Fshop.example%2F',
    '/api/v1/sessions?site=de%00mo',
    '/api/v1/surveys/active?site=de%00mo&url=https%3A%2F%2Fshop.example%2F',
  ];
  for (const q of queries) {
    const res = await server.api(q);
    assert.ok([200, 400, 404].includes(res.status), `${q}: ${res.status} ${await res.text()}`);
  }
});
