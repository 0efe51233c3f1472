// Chunk blobs in an object store (s3rver) beside the rows of either backend: the database holds
// no chunk bytes, the bucket holds each chunk once, replays read them back as sent, and an
// erasure or retention leaves nothing of the visitor in the bucket.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startS3, type TestS3 } from '../helpers/s3.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { openPostgresStore } from '../../server/store/postgres/index.ts';
import { freshPgDatabase, pgSkipReason, type FreshDatabase } from '../helpers/postgres.ts';
import type { Store } from '../../server/store/contract.ts';
import type { ChunkWrite } from '../../server/store/chunks.ts';
import { blobStoreFromEnv } from '../../server/store/blobs/blob-config.ts';
import { s3BlobStore } from '../../server/store/blobs/s3.ts';
import type { BlobStore } from '../../server/store/blobs/blob-store.ts';
import { withExternalBlobs } from '../../server/store/blobs/external-chunks.ts';
import { writeSessionEvents } from '../../server/replay/stream.ts';

const T0 = Date.UTC(2026, 10, 1, 9);
const DAY = 86_400_000;
let s3: TestS3;
let dir: string;
let blobs: BlobStore;
let n = 0;

before(async () => {
  s3 = await startS3();
  dir = mkdtempSync(path.join(tmpdir(), 'einblick-blobs-'));
  blobs = s3BlobStore(blobStoreFromEnv(s3.env)!, { retryBaseMs: 1 });
});
after(async () => {
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A backend the decorator wraps: a fresh, empty store of it each time. */
interface Backend {
  name: string;
  /** Why this backend cannot be tested here, if it cannot. */
  skip?: () => Promise<string | undefined>;
  open(): Promise<{ store: Store; holdsBytes?: (data: Buffer) => boolean }>;
}

// PostgreSQL databases made for the tests, dropped at the end.
const dropAfter: FreshDatabase[] = [];
after(async () => {
  for (const db of dropAfter) await db.drop();
});

const BACKENDS: Backend[] = [
  {
    name: 'SQLite',
    // A file, so commits go through the WAL and its sync.
    async open() {
      const file = path.join(dir, `einblick-${++n}.db`);
      return {
        store: openSqliteStore(file),
        holdsBytes: (data) => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))).indexOf(data) !== -1,
      };
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgSkipReason,
    async open() {
      const db = await freshPgDatabase('blobs');
      dropAfter.push(db);
      return { store: await openPostgresStore(db.url, randomBytes(32)) };
    },
  },
];

interface World { inner: Store; store: Store; holdsBytes?: (data: Buffer) => boolean; shop: number; blog: number }

/** A fresh store with two sites, its chunks in the bucket. */
async function world(backend: Backend): Promise<World> {
  const { store: inner, holdsBytes } = await backend.open();
  const store = withExternalBlobs(inner, blobs);
  const site = (key: string) => store.sites.createSite(key, { name: key, origins: [`https://${key}.example`], privacy: 'strict', retentionDays: 90 });
  return { inner, store, ...(holdsBytes ? { holdsBytes } : {}), shop: (await site(`shop${++n}`)).id, blog: (await site(`blog${n}`)).id };
}

async function finish(w: World): Promise<void> {
  await w.store.close();
  await blobs.deletePrefix('chunks/');
}

/** A chunk as ingest hands it to the store; `text` ends up in its recorded events. */
function chunk(siteId: number, visitor: string, session: string, seq: number, text = `recorded text ${session} ${seq}`, at = T0 + seq * 5000): ChunkWrite {
  const json = JSON.stringify([{ type: 3, timestamp: at, data: { source: 0, texts: [{ id: 1, value: text }] } }]);
  return {
    siteId, eventCount: 1, data: gzipSync(json), hash: createHash('sha256').update(json).digest(), firstTs: at, lastTs: at, fullSnapshot: false,
    externalHash: null, consent: null, receivedAt: at,
    chunk: {
      site: 'x', visitor, session, seq, clicks: [], scroll: [],
      pages: seq === 0 ? [{ pv: 0, url: 'https://shop.example/', ts: at, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 3000 }] : [],
    },
  };
}

const keys = async (prefix = 'chunks/'): Promise<string[]> => {
  const out: string[] = [];
  for await (const k of blobs.list(prefix)) out.push(k);
  return out;
};
const objectsOf = async (id: string): Promise<string[]> => (await keys()).filter((k) => k.includes(`/${id}/`));
/** An address where nothing listens (port 9 and friends are refused by fetch before any connection). */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}
const visitor = (name: string) => `visitor-${name}-${n}`;
const session = (name: string) => `session-${name}-${n}`;

for (const backend of BACKENDS) {
  describe(backend.name, { skip: await backend.skip?.() }, () => {
    test('a stored chunk is in the bucket, its row and the database files hold none of its bytes, and it reads back as sent', async () => {
      const w = await world(backend);
      const writes = [0, 1, 2].map((seq) => chunk(w.shop, visitor('ada'), session('one'), seq));
      assert.deepEqual(await w.store.chunks.writeChunks(writes), ['started', 'stored', 'stored']);

      for (const c of writes) {
        const row = await w.inner.sessions.chunkData(session('one'), c.chunk.seq);
        assert.ok(row && row.length < 200, 'a row holds a short marker, not the chunk');
        assert.equal(row.indexOf(c.data), -1);
        if (w.holdsBytes) assert.equal(w.holdsBytes(c.data), false, 'the database files hold no chunk bytes');
      }
      assert.equal((await objectsOf(session('one'))).length, 3);
      for (const c of writes) assert.deepEqual(await w.store.sessions.chunkData(session('one'), c.chunk.seq), c.data);
      assert.equal(await w.store.sessions.chunkData(session('one'), 7), null);
      await finish(w);
    });

    test('a retried chunk is one object; a conflicting one is refused and leaves the stored blob as it was', async () => {
      const w = await world(backend);
      const first = chunk(w.shop, visitor('bo'), session('retry'), 0);
      assert.deepEqual(await w.store.chunks.writeChunks([first]), ['started']);
      assert.deepEqual(await w.store.chunks.writeChunks([first, first]), ['duplicate', 'duplicate']);
      const conflicting = chunk(w.shop, visitor('bo'), session('retry'), 0, 'other bytes, same seq');
      const second = chunk(w.shop, visitor('bo'), session('retry'), 1);
      assert.deepEqual(await w.store.chunks.writeChunks([second, conflicting, second]), ['stored', 'conflict', 'duplicate']);
      assert.equal((await objectsOf(session('retry'))).length, 2, 'one object per stored chunk');
      assert.deepEqual(await w.store.sessions.chunkData(session('retry'), 0), first.data);
      // The same session and bytes sent as another visitor: refused, and its blob with it.
      const foreign = chunk(w.shop, visitor('mallory'), session('retry'), 2);
      assert.deepEqual(await w.store.chunks.writeChunks([foreign]), ['foreign']);
      assert.deepEqual(await keys(`chunks/${w.shop}/${visitor('mallory')}/`), []);
      await finish(w);
    });

    test('a put that fails fails the batch, and no row names a blob that is not there', async () => {
      const w = await world(backend);
      const down = s3BlobStore(blobStoreFromEnv({ ...s3.env, AWS_ENDPOINT_URL_S3: await deadEndpoint() })!, { attempts: 2, retryBaseMs: 1, timeoutMs: 1000 });
      const store = withExternalBlobs(w.inner, down);
      await assert.rejects(store.chunks.writeChunks([chunk(w.shop, visitor('cy'), session('down'), 0)]), /S3 PutObject on bucket einblick-test at http:\/\/127\.0\.0\.1:\d+ failed: no answer \(ECONNREFUSED\)/);
      assert.equal(await w.store.sessions.sessionSummary(session('down')), null);
      assert.equal(await store.readiness.answers(), false, 'not ready while the bucket does not answer');
      assert.equal(await w.store.readiness.answers(), true);
      await finish(w);
    });

    test('chunks stored before blobs moved out still read from their rows', async () => {
      const w = await world(backend);
      const old = chunk(w.shop, visitor('dee'), session('inline'), 0);
      assert.deepEqual(await w.inner.chunks.writeChunks([old]), ['started']);
      assert.deepEqual(await w.store.sessions.chunkData(session('inline'), 0), old.data);
      const [scan] = await w.store.assets.nextAssetScans(10);
      assert.deepEqual(scan?.data, old.data);
      await finish(w);
    });

    test('a replay reads a long session back chunk by chunk, in order, identical; the asset scan reads the bytes too', async () => {
      const w = await world(backend);
      const writes = Array.from({ length: 40 }, (_, seq) => chunk(w.shop, visitor('eve'), session('long'), seq, `text ${seq} `.repeat(200)));
      await w.store.chunks.writeChunks(writes);
      for (const c of writes) assert.deepEqual(await w.store.sessions.chunkData(session('long'), c.chunk.seq), c.data, `seq ${c.chunk.seq}`);
      // The replay API's stream, as a viewer and the export get it.
      let streamed = '';
      await writeSessionEvents({ write: (t) => ((streamed += t), true), once: () => undefined }, w.store, session('long'), 8 * 1024 * 1024);
      assert.deepEqual(JSON.parse(streamed), writes.map((_, seq) => ({ type: 3, timestamp: T0 + seq * 5000, data: { source: 0, texts: [{ id: 1, value: `text ${seq} `.repeat(200) }] } })));
      const scans = await w.store.assets.nextAssetScans(100);
      assert.equal(scans.length, 40);
      for (const s of scans) assert.deepEqual(s.data, writes[s.seq]!.data);
      // Erased while being read ahead: the next chunk is not served from what was fetched ahead.
      assert.deepEqual(await w.store.sessions.chunkData(session('long'), 0), writes[0]!.data);
      await w.inner.erasure.eraseSession(session('long'));
      assert.equal(await w.store.sessions.chunkData(session('long'), 1), null);
      await finish(w);
    });

    test('a replay streaming chunk by chunk finds each next blob already on its way, each fetched once; a single read fetches one', async () => {
      const w = await world(backend);
      const writes = Array.from({ length: 30 }, (_, seq) => chunk(w.shop, visitor('hal'), session('stream'), seq));
      await w.store.chunks.writeChunks(writes);
      const asked: string[] = [];
      const counting: BlobStore = { ...blobs, get: (key) => (asked.push(key), blobs.get(key)) };
      const store = withExternalBlobs(w.inner, counting);
      const keyOf = (seq: number) => (asked.find((k) => k.includes(`/${session('stream')}/${seq}-`)) ?? null);

      assert.deepEqual(await store.sessions.chunkData(session('stream'), 12), writes[12]!.data);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(asked.length, 1, 'one chunk read alone (a heatmap snapshot) fetches just that one');

      asked.length = 0;
      let before = 0;
      for (const c of writes) {
        const requestedBefore = keyOf(c.chunk.seq) !== null;
        if (requestedBefore) before++;
        assert.deepEqual(await store.sessions.chunkData(session('stream'), c.chunk.seq), c.data);
      }
      assert.ok(before >= 27, `${before} of 30 blobs were already requested when their chunk was asked for`);
      assert.equal(new Set(asked).size, asked.length, 'no blob fetched twice');
      assert.equal(asked.length, 30);
      await finish(w);
    });

    test('erasing a visitor leaves no object of theirs in the bucket, on one site or all, and refused chunks leave none either', async () => {
      const w = await world(backend);
      const [ada, bo] = [visitor('ada'), visitor('bo')];
      await w.store.chunks.writeChunks([
        chunk(w.shop, ada, session('a1'), 0), chunk(w.shop, ada, session('a1'), 1), chunk(w.shop, ada, session('a2'), 0),
        chunk(w.blog, ada, session('a3'), 0), chunk(w.shop, bo, session('b1'), 0),
      ]);
      const revoked = await w.store.erasure.eraseVisitor(w.shop, ada);
      assert.deepEqual(revoked, { sessions: 2, chunks: 3, pageViews: 2, clicks: 0, surveyAnswers: 0, visitors: 1, notes: 0 });
      assert.deepEqual((await keys()).filter((k) => k.includes(ada)), [`chunks/${w.blog}/${ada}/${session('a3')}/0-${chunk(w.blog, ada, session('a3'), 0).hash.toString('hex')}.gz`]);
      // A chunk of the revoked visitor still on its way is refused, and its blob goes with it.
      assert.deepEqual(await w.store.chunks.writeChunks([chunk(w.shop, ada, session('a4'), 0)]), ['visitor_erased']);
      assert.deepEqual(await keys(`chunks/${w.shop}/${ada}/`), []);

      const everywhere = await w.store.erasure.eraseVisitorEverywhere(ada);
      assert.equal(everywhere.sessions, 1);
      assert.deepEqual((await keys()).filter((k) => k.includes(ada)), []);
      assert.equal((await keys()).length, 1, "the other visitor's chunk stays");
      assert.deepEqual(await w.store.sessions.chunkData(session('b1'), 0), chunk(w.shop, bo, session('b1'), 0).data);

      assert.equal((await w.store.erasure.eraseSession(session('b1'))).chunks, 1);
      assert.deepEqual(await keys(), []);
      assert.deepEqual(await w.store.chunks.writeChunks([chunk(w.shop, bo, session('b1'), 1)]), ['erased']);
      assert.deepEqual(await keys(), []);
      await finish(w);
    });

    test('a first chunk stored while the erasure runs (after its first blob deletion, before the rows go) leaves no object either', async () => {
      const w = await world(backend);
      const gil = visitor('gil');
      await w.store.chunks.writeChunks([chunk(w.shop, gil, session('g1'), 0)]);
      let raced = false;
      // The bucket as it is, with a new session of the visitor arriving right after the first deletion.
      const racing: BlobStore = {
        ...blobs,
        async deletePrefix(prefix) {
          const found = await blobs.deletePrefix(prefix);
          if (!raced) {
            raced = true;
            assert.deepEqual(await w.store.chunks.writeChunks([chunk(w.shop, gil, session('g2'), 0)]), ['started']);
          }
          return found;
        },
      };
      const counts = await withExternalBlobs(w.inner, racing).erasure.eraseVisitor(w.shop, gil);
      assert.ok(raced);
      assert.equal(counts.sessions, 2, 'the racing session is erased with the rest');
      assert.deepEqual(await keys(), []);
      await finish(w);
    });

    test('an erasure the bucket cannot serve erases nothing, and can run again', async () => {
      const w = await world(backend);
      await w.store.chunks.writeChunks([chunk(w.shop, visitor('fay'), session('f1'), 0)]);
      const down = withExternalBlobs(w.inner, s3BlobStore(blobStoreFromEnv({ ...s3.env, AWS_ENDPOINT_URL_S3: await deadEndpoint() })!, { attempts: 1, timeoutMs: 1000 }));
      await assert.rejects(down.erasure.eraseVisitor(w.shop, visitor('fay')), /nothing was erased: the blobs in s3:\/\/einblick-test\/ at http:\/\/127\.0\.0\.1:\d+ could not be deleted: .*ECONNREFUSED/);
      assert.ok(await w.store.sessions.sessionSummary(session('f1')), 'the rows are still there');
      assert.equal((await w.store.erasure.eraseVisitor(w.shop, visitor('fay'))).sessions, 1);
      assert.deepEqual(await keys(), []);
      await finish(w);
    });

    test('retention removes the blobs of exactly the sessions it expires, with the counts it always returned', async () => {
      const w = await world(backend);
      const { store: plain } = await backend.open();
      const plainSite = (await plain.sites.createSite(`plain${n}`, { name: 'shop', origins: [], privacy: 'strict', retentionDays: 90 })).id;
      const now = T0 + 200 * DAY;
      const cutoff = now - 90 * DAY;
      const sessions = [
        { name: 'old', at: now - 120 * DAY, seqs: 3 },
        { name: 'older', at: now - 190 * DAY, seqs: 1 },
        // Started before the cutoff, active after it: kept whole.
        { name: 'spanning', at: cutoff - DAY, seqs: 2, lastAt: cutoff + DAY },
        { name: 'new', at: now - DAY, seqs: 2 },
      ];
      const writesFor = (siteId: number) => sessions.flatMap((s) => Array.from({ length: s.seqs }, (_, seq) =>
        chunk(siteId, visitor(s.name), session(s.name), seq, `text ${s.name} ${seq}`, seq === s.seqs - 1 && s.lastAt ? s.lastAt : s.at + seq * 5000)));
      await w.store.chunks.writeChunks(writesFor(w.shop));
      await plain.chunks.writeChunks(writesFor(plainSite));

      const counts = await w.store.erasure.expireBefore(w.shop, cutoff);
      assert.deepEqual(counts, await plain.erasure.expireBefore(plainSite, cutoff));
      assert.deepEqual(counts, { sessions: 2, chunks: 4, pageViews: 2, clicks: 0, surveyAnswers: 0, visitors: 2, notes: 0 });
      assert.deepEqual(await objectsOf(session('old')), []);
      assert.deepEqual(await objectsOf(session('older')), []);
      assert.equal((await objectsOf(session('spanning'))).length, 2);
      assert.equal((await objectsOf(session('new'))).length, 2);
      assert.equal((await keys()).length, 4);
      await plain.close();
      await finish(w);
    });

    test('readiness asks the bucket too', async () => {
      const w = await world(backend);
      assert.equal(await w.store.readiness.answers(), true);
      const wrong = withExternalBlobs(w.inner, s3BlobStore(blobStoreFromEnv({ ...s3.env, BLOB_STORE_URL: 's3://no-such-bucket' })!, { retryBaseMs: 1 }));
      assert.equal(await wrong.readiness.answers(), false);
      await finish(w);
    });
  });
}
