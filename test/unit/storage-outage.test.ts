// The database or the bucket gone while the server runs: a chunk is refused with 503 and
// Retry-After (the recorder keeps it and sends it again), never acknowledged unstored, and
// stored once the storage is back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestServer } from '../helpers/server.ts';
import { freshPgDatabase, pgSkipReason } from '../helpers/postgres.ts';
import { startS3 } from '../helpers/s3.ts';
import { blobStoreFromEnv } from '../../server/store/blobs/blob-config.ts';

const chunk = (session: string, seq: number) =>
  JSON.stringify({ site: 'demo', visitor: `v-${session}`, session, seq, events: [{ type: 3, timestamp: Date.now(), data: { source: 1, positions: [] } }] });

/** A TCP proxy in front of PostgreSQL that can be cut (every connection ended, new ones refused) and mended. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>();
  let open = true;
  const server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
    },
    mend() {
      open = true;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const pgSkip = await pgSkipReason();

test('PostgreSQL gone: a chunk gets 503 storage_unavailable with Retry-After, and is stored once the database is back', { skip: pgSkip }, async () => {
  const db = await freshPgDatabase('outage');
  const proxy = await cuttableProxy(new URL(db.url));
  const viaProxy = new URL(db.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const server = await startTestServer({ storage: { databaseUrl: viaProxy.toString(), secretKey: randomBytes(32) } });
  after(async () => {
    await server.close();
    await proxy.close();
    await db.drop();
  });
  const session = `outage-${randomBytes(4).toString('hex')}`;
  assert.equal((await server.api('/api/v1/ingest', { method: 'POST', body: chunk(session, 0), token: null })).status, 202);

  proxy.cut();
  const refused = await server.api('/api/v1/ingest', { method: 'POST', body: chunk(session, 1), token: null });
  assert.equal(refused.status, 503);
  assert.ok(Number(refused.headers.get('retry-after')) > 0, 'the client is told when to try again');
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'storage_unavailable');

  proxy.mend();
  assert.equal((await server.api('/api/v1/ingest', { method: 'POST', body: chunk(session, 1), token: null })).status, 202, 'the resent chunk is taken once the database is back');
  const direct = new pg.Client({ connectionString: db.url });
  await direct.connect();
  const seqs = (await direct.query<{ seq: number }>('SELECT seq FROM chunks WHERE session_id = $1 ORDER BY seq', [session])).rows.map((r) => r.seq);
  await direct.end();
  assert.deepEqual(seqs, [0, 1], 'each chunk stored once');
});

test('the bucket gone: a chunk gets 503 storage_unavailable and no row is written for it', async () => {
  const s3 = await startS3();
  const server = await startTestServer({ storage: { blobStore: blobStoreFromEnv({ ...s3.env }) } });
  after(() => server.close());
  const session = `bucketless-${randomBytes(4).toString('hex')}`;
  assert.equal((await server.api('/api/v1/ingest', { method: 'POST', body: chunk(session, 0), token: null })).status, 202);
  await s3.close();
  const refused = await server.api('/api/v1/ingest', { method: 'POST', body: chunk(session, 1), token: null });
  assert.equal(refused.status, 503);
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  const detail = (await (await server.api(`/api/v1/sessions/${session}`)).json()) as { chunks?: number; chunkCount?: number };
  assert.equal(detail.chunks ?? detail.chunkCount, 1, 'only the acknowledged chunk is held');
});
