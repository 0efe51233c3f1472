// GET /readyz: "send me traffic?" for a load balancer. GET /healthz stays "alive?".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startTestServer } from '../helpers/server.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

const readyz = async (url: string) => {
  const res = await fetch(url + '/readyz');
  return { status: res.status, body: (await res.json()) as unknown };
};

test('ready once migrated, answering and writable; no token needed and no detail given', async () => {
  const server = await startTestServer();
  try {
    assert.deepEqual(await readyz(server.url), { status: 200, body: { ready: true } });
    assert.equal((await fetch(server.url + '/readyz')).headers.get('cache-control'), 'no-store');
  } finally {
    await server.close();
  }
});

test('a migration not applied makes the server not ready', async () => {
  const server = await startTestServer();
  try {
    const newest = sqliteDb(server.store).prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number;
    sqliteDb(server.store).prepare('DELETE FROM schema_migrations WHERE version = ?').run(newest);
    assert.deepEqual(await readyz(server.url), { status: 503, body: { ready: false } });
    assert.deepEqual(await fetch(server.url + '/healthz').then((r) => r.status), 200, 'still alive');
  } finally {
    await server.close();
  }
});

test('a data directory that is gone makes the server not ready', async () => {
  const server = await startTestServer();
  try {
    // Unlinked under the open database (an unmounted volume): the database still answers from its open file.
    rmSync(server.dataDir, { recursive: true, force: true });
    assert.deepEqual(await readyz(server.url), { status: 503, body: { ready: false } });
  } finally {
    await server.close();
  }
});

test('a database that no longer answers makes the server not ready', async () => {
  const server = await startTestServer();
  try {
    sqliteDb(server.store).close();
    assert.deepEqual(await readyz(server.url), { status: 503, body: { ready: false } });
  } finally {
    await server.close();
  }
});

test('a draining server says not ready at once and still serves until it stops', async () => {
  const server = await startTestServer();
  const drained = server.drain(1500, 1000);
  assert.deepEqual(await readyz(server.url), { status: 503, body: { ready: false } });
  assert.equal((await fetch(server.url + '/healthz')).status, 200, 'requests are still served while the load balancer notices');
  await drained;
  await assert.rejects(fetch(server.url + '/healthz'), 'then it takes no more connections');
  rmSync(server.dataDir, { recursive: true, force: true });
});

test('a flood of probes runs the checks once a second, not once a probe (the endpoint is public)', async () => {
  const { createReadiness } = await import('../../server/http/readiness.ts');
  let asked = 0;
  const store = { readiness: { answers: async () => (asked++, true), migrationsApplied: async () => true } } as unknown as Parameters<typeof createReadiness>[0];
  const readiness = createReadiness(store, null);
  const answers = await Promise.all(Array.from({ length: 200 }, () => readiness.check()));
  assert.ok(answers.every((a) => a === null), 'all ready');
  assert.equal(asked, 1, 'the database was asked once for 200 probes');
});
