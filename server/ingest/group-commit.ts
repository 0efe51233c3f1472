// Group commit: chunks that arrive in the same turn of the event loop are written
// in one transaction, so one fsync (or one PostgreSQL commit) serves all of them. Each
// request is still answered only after the store says the transaction holding its chunk
// is durable.
import type { ChunkOutcome, ChunkWrite } from '../store/chunks.ts';
import { HttpError } from '../http/http-error.ts';
import { NotDurableError } from '../store/sqlite-store.ts';

interface Waiting {
  write: ChunkWrite;
  resolve(outcome: ChunkOutcome): void;
  reject(err: unknown): void;
}

// After a failed fsync the kernel may have dropped the pages it could not write and the
// next fsync still succeed ("fsyncgate"): chunks committed before it, and their repeats,
// would then be acknowledged without being on disk. So one failure stops ingest until the
// server is restarted (the browsers keep the chunks and send them again), as PostgreSQL does.
function notOnDisk(err: unknown): HttpError {
  console.error('sync of the WAL failed, ingest refused until restart:', (err as Error).message);
  return new HttpError(503, 'storage_unavailable', 'The server could not make chunks safe on disk and takes none until it is restarted; send the chunk again later.', undefined, { 'Retry-After': '60' });
}

/** Chunks written in one transaction at most. */
export const MAX_BATCH = 64;

export function groupCommitter(writeChunks: (ws: ChunkWrite[]) => Promise<ChunkOutcome[]>): (w: ChunkWrite) => Promise<ChunkOutcome> {
  let batch: Waiting[] = [];
  let broken: HttpError | null = null;
  const flush = () => {
    // At most MAX_BATCH chunks a transaction: on PostgreSQL each chunk takes a few advisory
    // locks, and a burst in one transaction could run out of lock memory (53200).
    const current = batch.slice(0, MAX_BATCH);
    batch = batch.slice(MAX_BATCH);
    if (batch.length) setImmediate(flush);
    if (broken) return current.forEach((c) => c.reject(broken));
    writeChunks(current.map((c) => c.write)).then(
      (outcomes) => current.forEach((c, i) => c.resolve(outcomes[i]!)),
      (err: unknown) => {
        if (err instanceof NotDurableError) broken ??= notOnDisk(err);
        if (broken || current.length === 1) return current.forEach((c) => c.reject(broken ?? err));
        // One chunk the database refuses must not fail the others that shared its
        // transaction: each is written again on its own, and gets its own answer.
        for (const c of current) writeChunks([c.write]).then(([outcome]) => c.resolve(outcome!), c.reject);
      },
    );
  };
  return (write) =>
    new Promise<ChunkOutcome>((resolve, reject) => {
      if (broken) return reject(broken);
      if (batch.length === 0) setImmediate(flush);
      batch.push({ write, resolve, reject });
    });
}
