// Group commit: chunks that arrive in the same turn of the event loop are written
// in one transaction, so one fsync (synchronous=FULL) serves all of them. Each
// request is still answered only after the transaction holding its chunk committed.
import type { ChunkOutcome, ChunkWrite } from '../store/chunks.ts';

interface Waiting {
  write: ChunkWrite;
  resolve(outcome: ChunkOutcome): void;
  reject(err: unknown): void;
}

export function groupCommitter(writeChunks: (ws: ChunkWrite[]) => ChunkOutcome[]): (w: ChunkWrite) => Promise<ChunkOutcome> {
  let batch: Waiting[] = [];
  const flush = () => {
    const current = batch;
    batch = [];
    try {
      const outcomes = writeChunks(current.map((c) => c.write));
      current.forEach((c, i) => c.resolve(outcomes[i]!));
    } catch (err) {
      current.forEach((c) => c.reject(err));
    }
  };
  return (write) =>
    new Promise<ChunkOutcome>((resolve, reject) => {
      if (batch.length === 0) setImmediate(flush);
      batch.push({ write, resolve, reject });
    });
}
