// Group commit (server/ingest/group-commit.ts): chunks of one turn share a commit, and
// nobody is answered before the commit holding their chunk is on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCommitter, MAX_BATCH } from '../../server/ingest/group-commit.ts';
import { HttpError } from '../../server/http/http-error.ts';
import type { ChunkWrite } from '../../server/store/chunks.ts';
import { NotDurableError } from '../../server/store/sqlite-store.ts';

const write = (seq: number) => ({ chunk: { seq } }) as unknown as ChunkWrite;
const turn = () => new Promise((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

test('chunks that arrive in one turn are written in one commit', async () => {
  const commits: number[][] = [];
  const commit = groupCommitter(async (ws) => (commits.push(ws.map((w) => w.chunk.seq)), ws.map(() => 'stored')));
  assert.deepEqual(await Promise.all([commit(write(0)), commit(write(1))]), ['stored', 'stored']);
  await commit(write(2));
  assert.deepEqual(commits, [[0, 1], [2]]);
});

test('with a sync left to the thread pool, a chunk is answered only once that sync is done', async () => {
  const sync = deferred();
  // The store commits, then resolves once its sync is done (sqlite-store.ts).
  const commit = groupCommitter(async (ws) => {
    const outcomes = ws.map(() => 'started' as const);
    await sync.promise;
    return outcomes;
  });
  let answered = false;
  const outcome = commit(write(0)).then((o) => ((answered = true), o));
  for (let i = 0; i < 5; i++) await turn();
  assert.equal(answered, false, 'committed, but not yet on disk');
  sync.resolve();
  assert.equal(await outcome, 'started');
});

test('a failed sync answers every chunk of its commit with 503, and stops ingest until restart: a repeat is not taken as on disk', async () => {
  const sync = deferred();
  let written = 0;
  const commit = groupCommitter(async (ws) => {
    written += ws.length;
    await sync.promise;
    return ws.map(() => 'stored' as const);
  });
  const answers = Promise.allSettled([commit(write(0)), commit(write(1))]);
  await turn();
  sync.reject(new NotDurableError('EIO'));
  for (const a of await answers) {
    assert.equal(a.status, 'rejected');
    const err = (a as PromiseRejectedResult).reason as HttpError;
    assert.ok(err instanceof HttpError);
    assert.deepEqual([err.status, err.code], [503, 'storage_unavailable']);
  }
  const repeat = await commit(write(0)).then(() => null, (e: unknown) => e as HttpError);
  assert.deepEqual([repeat?.status, repeat?.code], [503, 'storage_unavailable'], 'the repeat of a chunk whose sync failed is refused, not a duplicate');
  assert.equal(written, 2, 'nothing written after the failure');
});

test('a chunk the database refuses fails alone: the others of its commit are written again each on its own and stored', async () => {
  const commits: number[][] = [];
  const commit = groupCommitter(async (ws) => {
    commits.push(ws.map((w) => w.chunk.seq));
    // As PostgreSQL refuses a whole transaction for one bad value (e.g. 22021).
    if (ws.some((w) => w.chunk.seq === 13)) throw Object.assign(new Error('invalid byte sequence'), { code: '22021' });
    return ws.map(() => 'stored' as const);
  });
  const answers = await Promise.allSettled([commit(write(12)), commit(write(13)), commit(write(14))]);
  assert.deepEqual(answers.map((a) => a.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.deepEqual(commits, [[12, 13, 14], [12], [13], [14]]);
});

test('a burst is written in transactions of at most MAX_BATCH chunks, every chunk answered', async () => {
  const sizes: number[] = [];
  const commit = groupCommitter(async (ws) => (sizes.push(ws.length), ws.map(() => 'stored' as const)));
  const answers = await Promise.all(Array.from({ length: MAX_BATCH * 2 + 5 }, (_, i) => commit(write(i))));
  assert.equal(answers.length, MAX_BATCH * 2 + 5);
  assert.deepEqual(sizes, [MAX_BATCH, MAX_BATCH, 5]);
});
