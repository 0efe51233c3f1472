// A worker thread of the PII scan pool (scan-pool.ts): one chunk in, its scan out; or
// a JSON body's text in, the chunk decoded from it out (too costly for the event loop).
import { parentPort } from 'node:worker_threads';
import { scanChunk, type ScanJob } from './scan-chunk.ts';
import { decodeJsonText } from '../ingest/decode-json.ts';
import { parseChunkHeader } from '../ingest/decode-compact.ts';
import type { ChunkHeader } from '../../contract/schemas/index.ts';
import { HttpError } from '../http/http-error.ts';
import type { DecodedChunk } from '../ingest/decoded-chunk.ts';

export interface DecodeJob {
  id: number;
  /** A JSON body's text, or a compact body's header text. */
  kind: 'decode-json' | 'parse-header';
  data: Uint8Array;
}

export type DecodeReply =
  | { id: number; outcome: 'decoded'; chunk: DecodedChunk }
  | { id: number; outcome: 'header'; header: ChunkHeader }
  | { id: number; outcome: 'refused'; status: number; code: string; message: string; details?: unknown };

function decode(job: DecodeJob): DecodeReply {
  try {
    const text = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    if (job.kind === 'parse-header') return { id: job.id, outcome: 'header', header: parseChunkHeader(text) };
    return { id: job.id, outcome: 'decoded', chunk: decodeJsonText(text) };
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return { id: job.id, outcome: 'refused', status: err.status, code: err.code, message: err.message, details: err.details };
  }
}

/** A buffer that owns all its memory can be moved instead of copied (small ones share Node's pool). */
export const ownsMemory = (b: Uint8Array): boolean => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;

parentPort!.on('message', (job: ScanJob | DecodeJob) => {
  if (!('kind' in job)) return parentPort!.postMessage(scanChunk(job));
  const reply = decode(job);
  // The events' text goes on to be scanned: moved, not copied, through the event loop.
  const moved = reply.outcome === 'decoded' && ownsMemory(reply.chunk.data) ? [reply.chunk.data.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(reply, moved);
});
