// Two nodes on one PostgreSQL database and one S3 bucket, as an operator runs them
// behind a load balancer: what one node took in, the other serves; a viewer on one
// hears of a session that started on the other; one node killed mid-stream loses and
// doubles nothing; an erasure through one leaves nothing of the visitor anywhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { runLoad } from '../../bench/load-generator.ts';
import { freePort, startChildServer, type ChildServer } from '../../bench/child-server.ts';
import { freshPgDatabase, pgSkipReason, type FreshDatabase } from '../helpers/postgres.ts';
import { startS3, type TestS3 } from '../helpers/s3.ts';
import { s3BlobStore } from '../../server/store/blobs/s3.ts';
import { blobStoreFromEnv } from '../../server/store/blobs/blob-config.ts';
import { keyOfMarker } from '../../server/store/blobs/chunk-keys.ts';
import { eventually } from '../helpers/server.ts';

const ADMIN = 'two-nodes-admin-token-0123456789';
const PAGE = 'https://shop.example/pricing';
const CLICKS_PER_CHUNK = 2;

const skip = await pgSkipReason();

describe('two nodes on one database and bucket', { skip }, () => {
  let db: FreshDatabase;
  let s3: TestS3;
  let sql: pg.Client;
  const dirs: string[] = [];
  let env: Record<string, string>;

  const startNode = async (): Promise<ChildServer> => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-node-'));
    dirs.push(dataDir);
    return startChildServer({ port: await freePort(), dataDir, adminToken: ADMIN, extraEnv: env });
  };
  const api = (node: ChildServer, pathname: string, init: RequestInit = {}) =>
    fetch(node.url + pathname, { ...init, headers: { Authorization: `Bearer ${ADMIN}`, ...init.headers } });
  const bucketKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    for await (const k of s3BlobStore(blobStoreFromEnv(env)!).list('')) keys.push(k);
    return keys;
  };

  before(async () => {
    db = await freshPgDatabase('twonodes');
    s3 = await startS3();
    env = { DATABASE_URL: db.url, EINBLICK_SECRET_KEY: randomBytes(32).toString('base64'), EINBLICK_SCREENSHOTS: '0', EINBLICK_PII_WORKERS: '1', ...s3.env };
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  after(async () => {
    await sql?.end();
    await s3?.close();
    await db?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('nodes started together make one demo site and share it', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    try {
      const sites = await sql.query("SELECT count(*)::int AS n FROM sites WHERE key = 'demo'");
      assert.equal(sites.rows[0].n, 1);
      const [fromA, fromB] = await Promise.all([api(a, '/api/v1/sites'), api(b, '/api/v1/sites')]).then((rs) => Promise.all(rs.map((r) => r.json())));
      assert.deepEqual(fromA, fromB);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('a visit recorded through one node is listed, replayed and mapped by the other', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    try {
      const load = await runLoad({ url: a.url, site: 'demo', sessions: 3, chunkBytes: 4000, durationMs: 1500, clicksPerChunk: CLICKS_PER_CHUNK });
      assert.ok(load.ackedCount >= 3, `chunks were acknowledged (${load.ackedCount})`);
      const list = (await (await api(b, '/api/v1/sessions?site=demo&limit=100')).json()) as { sessions: { id: string; chunks?: number }[] };
      for (const id of load.acked.keys()) assert.ok(list.sessions.some((s) => s.id === id), `node B lists ${id}`);

      const [id, seqs] = [...load.acked].find(([, s]) => s.length > 0)!;
      const [replayA, replayB] = await Promise.all([api(a, `/api/v1/sessions/${id}/events`), api(b, `/api/v1/sessions/${id}/events`)]);
      assert.equal(replayB.status, 200);
      const [eventsA, eventsB] = [(await replayA.json()) as unknown[], (await replayB.json()) as unknown[]];
      assert.ok(eventsB.length > 0, 'node B replays the events');
      assert.deepEqual(eventsB, eventsA, 'both nodes replay the same events');
      assert.ok(seqs.length > 0);

      const map = (await (await api(b, `/api/v1/heatmaps/clicks?site=demo&device=desktop&url=${encodeURIComponent(PAGE)}`)).json()) as { totals: { clicks: number } };
      assert.equal(map.totals.clicks, load.ackedCount * CLICKS_PER_CHUNK, 'node B maps every click node A took in');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('a viewer on one node hears live of a session that starts on the other', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    const stream = new AbortController();
    try {
      const res = await api(b, '/api/v1/live?site=demo', { signal: stream.signal });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      let text = '';
      const heard = (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return text;
          text += Buffer.from(value).toString('utf8');
          if (/event: session\ndata: .*"id":"load-/.test(text)) return text;
        }
      })();
      await eventually('the stream to be open', () => text.includes(': connected'));
      const load = await runLoad({ url: a.url, site: 'demo', sessions: 1, chunkBytes: 2000, durationMs: 30_000, stopWhen: (r) => r.ackedCount >= 1 });
      const [id] = [...load.acked.keys()];
      const frames = await Promise.race([heard, new Promise<string>((_, reject) => setTimeout(() => reject(new Error(`node B heard nothing; stream so far: ${text}`)), 15_000))]);
      assert.ok(frames.includes(`"id":"${id}"`), 'the session that started on node A reached the viewer on node B');
    } finally {
      stream.abort();
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('one node killed mid-stream: the client resends to the other, no acknowledged chunk lost or doubled', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    try {
      // Bounded by time, ended by progress: the stream goes on after the kill until every
      // session has had two more chunks acknowledged by node B, however busy the machine.
      const sessions = 12;
      let killed = false;
      let ackedAtKill: number | null = null;
      const load = runLoad({
        url: a.url, failover: [b.url], site: 'demo', sessions, chunkBytes: 8000, durationMs: 90_000, clicksPerChunk: CLICKS_PER_CHUNK,
        stopWhen: (r) => {
          if (!killed) return false;
          ackedAtKill ??= r.ackedCount;
          return r.ackedCount >= ackedAtKill + 2 * sessions;
        },
      });
      await eventually('chunks to reach node A', async () => (await sql.query('SELECT count(*)::int AS n FROM chunks')).rows[0].n > sessions, 60_000);
      await a.kill();
      killed = true;
      const result = await load;
      assert.ok(result.retries > 0, 'the kill was felt: some uploads failed and went to node B');

      const ids = [...result.acked.keys()];
      const rows = (await sql.query<{ session_id: string; seq: number; data: Buffer }>('SELECT session_id, seq, data FROM chunks WHERE session_id = ANY($1)', [ids])).rows;
      let missing = 0;
      for (const [session, seqs] of result.acked) {
        const stored = new Set(rows.filter((r) => r.session_id === session).map((r) => r.seq));
        missing += seqs.filter((s) => !stored.has(s)).length;
      }
      assert.equal(missing, 0, 'every acknowledged chunk is stored');
      // Not doubled: each chunk's derived rows and counters were written once.
      const counted = (await sql.query<{ id: string; chunk_count: number; click_count: number }>('SELECT id, chunk_count, click_count FROM sessions WHERE id = ANY($1)', [ids])).rows;
      for (const s of counted) {
        const chunks = rows.filter((r) => r.session_id === s.id).length;
        assert.equal(s.chunk_count, chunks, `${s.id}: its chunk count is its stored chunks`);
        assert.equal(s.click_count, chunks * CLICKS_PER_CHUNK, `${s.id}: its clicks were counted once per chunk`);
      }
      const clicks = (await sql.query('SELECT count(*)::int AS n FROM clicks WHERE session_id = ANY($1)', [ids])).rows[0].n;
      assert.equal(clicks, rows.length * CLICKS_PER_CHUNK, 'no click row twice');
      // Every row's blob is in the bucket and holds the chunk's events.
      const blobs = s3BlobStore(blobStoreFromEnv(env)!);
      for (const r of rows.slice(0, 40)) {
        const key = keyOfMarker(r.data);
        assert.ok(key, 'the row names its blob');
        const blob = await blobs.get(key);
        assert.ok(blob && Array.isArray(JSON.parse(gunzipSync(blob).toString())), `the blob of ${r.session_id}/${r.seq} holds its events`);
      }
    } finally {
      await b.stop();
    }
  });

  test('an erasure through one node leaves nothing of the visitor in the database or the bucket', async () => {
    const [a, b] = await Promise.all([startNode(), startNode()]);
    try {
      const load = await runLoad({ url: a.url, site: 'demo', sessions: 2, chunkBytes: 4000, durationMs: 1200, clicksPerChunk: CLICKS_PER_CHUNK });
      const [session] = [...load.acked.keys()];
      const visitor = `v-${session}`;
      assert.ok((await bucketKeys()).some((k) => k.includes(session!)), 'the bucket held the session before');

      const erased = await api(b, `/api/v1/privacy/visitors/${visitor}`, { method: 'DELETE' });
      assert.equal(erased.status, 200);

      const tables = (await sql.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")).rows.map((r) => r.table_name);
      for (const table of tables) {
        const left = await sql.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE t::text LIKE $1 OR t::text LIKE $2`, [`%${visitor}%`, `%${session}%`]);
        assert.equal(left.rows[0].n, 0, `nothing of the visitor in ${table}`);
      }
      const keys = await bucketKeys();
      assert.ok(!keys.some((k) => k.includes(visitor) || k.includes(session!)), 'nothing of the visitor in the bucket');
      // The other visitor is untouched.
      const [other] = [...load.acked.keys()].filter((id) => id !== session);
      assert.ok(keys.some((k) => k.includes(other!)), 'the other visitor\'s blobs stay');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
