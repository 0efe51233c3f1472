// Group commit: chunks that arrive in the same turn of the event loop are written
// in one transaction, so one fsync serves all of them. Each request is still answered
// only after the transaction holding its chunk committed and is on disk. With `synced`
// (store/wal-sync.ts) the commit leaves its fsync to the thread pool, and the event
// loop reads the next requests meanwhile instead of waiting for the disk.
import type { ChunkOutcome, ChunkWrite } from '../store/chunks.ts';
import { HttpError } from '../http-error.ts';

interface Waiting {
  write: ChunkWrite;
  resolve(outcome: ChunkOutcome): void;
  reject(err: unknown): void;
}

function notOnDisk(err: unknown): HttpError {
  console.error('sync of the WAL failed:', (err as NodeJS.ErrnoException).code ?? String(err));
  return new HttpError(503, 'storage_unavailable', 'The chunk could not be made safe on disk; send it again (a repeat of a stored chunk is a duplicate).', undefined, { 'Retry-After': '10' });
}

export function groupCommitter(writeChunks: (ws: ChunkWrite[]) => ChunkOutcome[], synced?: () => Promise<void>): (w: ChunkWrite) => Promise<ChunkOutcome> {
  let batch: Waiting[] = [];
  const flush = () => {
    const current = batch;
    batch = [];
    let outcomes: ChunkOutcome[];
    try {
      outcomes = writeChunks(current.map((c) => c.write));
    } catch (err) {
      current.forEach((c) => c.reject(err));
      return;
    }
    const answer = () => current.forEach((c, i) => c.resolve(outcomes[i]!));
    if (!synced) return answer();
    synced().then(answer, (err: unknown) => {
      const refusal = notOnDisk(err);
      current.forEach((c) => c.reject(refusal));
    });
  };
  return (write) =>
    new Promise<ChunkOutcome>((resolve, reject) => {
      if (batch.length === 0) setImmediate(flush);
      batch.push({ write, resolve, reject });
    });
}
