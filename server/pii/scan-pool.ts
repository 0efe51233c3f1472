// The PII scan off the request path: a small pool of worker threads, so inflating
// and scanning chunks never blocks the event loop that reads bodies and commits.
// Each chunk is scanned before it is committed, so what is stored is already masked.
import { Worker } from 'node:worker_threads';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpError } from '../http/http-error.ts';
import { MAX_CATCHES, type Catch } from './scrub-events.ts';
import type { DecodedChunk } from '../ingest/decoded-chunk.ts';
import type { ChunkHeader } from '../../contract/schemas/index.ts';
import { scanChunk, type ScanJob, type ScanReply } from './scan-chunk.ts';
import type { DecodeJob, DecodeReply } from './scan-worker.ts';

export interface ScanResult {
  /** What to store: the same bytes when nothing was caught. */
  data: Buffer;
  catches: Catch[];
}

export interface PiiScanner {
  readonly enabled: boolean;
  /** `data`: gzip of the events; or, `plain`, their JSON text, which comes back compressed. */
  scan(data: Buffer, limit: number, encoding?: 'gzip' | 'plain'): Promise<ScanResult>;
  /** A JSON body's text decoded in a worker (ingest/decode-json.ts): too large or deep for the event loop. */
  decodeJson(raw: Buffer): Promise<DecodedChunk>;
  /** A compact body's large header parsed in a worker (ingest/decode-compact.ts). */
  parseHeader(text: Buffer): Promise<ChunkHeader>;
  /** Ends the workers. */
  close(): Promise<void>;
}

interface Pending {
  data: Buffer;
  limit: number;
  resolve(r: ScanResult): void;
  reject(err: unknown): void;
}

interface Thread {
  worker: Worker;
  /** What to do with each reply still to come, and how to fail it if the worker dies. */
  pending: Map<number, { reply(r: ScanReply | DecodeReply): void; reject(err: unknown): void }>;
}

// The worker is TypeScript like the rest of the server. A worker thread does not
// inherit the main thread's module loader, so it registers tsx itself, then loads it.
const WORKER_SOURCE = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./scan-worker.ts', import.meta.url).href)}); })`;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// A chunk this small is scanned on the event loop: its inflate and scan take some tens
// of microseconds, less than handing it to a worker and back (measured: the trip
// costs about 0.1 ms, and under load waits for the worker to be scheduled). But only
// up to a few thousand steps of the scan's budget (scrub-events.ts), about 0.1 ms: a
// small body whose text is costly to read (full of catches) goes on to a worker, so
// no body holds the event loop for longer than that.
const INLINE_GZIP_BYTES = 8 * 1024;
const INLINE_TEXT_BYTES = 64 * 1024;
export const INLINE_STEPS = 8 * 1024;
const gzipAsync = promisify(gzip);
const claimedSize = (gz: Buffer) => (gz.length >= 4 ? gz.readUInt32LE(gz.length - 4) : Infinity);

function settle(p: Pending, reply: ScanReply): void {
  switch (reply.outcome) {
    case 'clean':
      return p.resolve({ data: p.data, catches: [] });
    case 'scrubbed':
    case 'compressed':
      return p.resolve({ data: Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength), catches: reply.catches });
    case 'too_large':
      return p.reject(new HttpError(413, 'chunk_too_large', `The events inflate past the limit of ${mb(p.limit)}; split them into smaller chunks.`));
    case 'invalid_gzip':
      return p.reject(new HttpError(400, 'invalid_gzip', 'The events are not valid gzip (truncated or corrupt).'));
    case 'not_events':
      return p.reject(new HttpError(400, 'invalid_chunk', 'The events blob must be gzip of a JSON array of rrweb events ([] or [{"type":...},...]); nothing was stored.'));
    case 'too_costly':
      return p.reject(
        new HttpError(422, 'scan_budget_exceeded', `Checking the recorded text for personal data took over the budget for its size (${reply.steps} steps of ${reply.budget}: too many values to check, or over ${MAX_CATCHES} pieces of personal data, which the recorder masks); nothing was stored.`),
      );
  }
}

export function piiScanner(o: { enabled: boolean; workers: number }): PiiScanner {
  const threads: (Thread | undefined)[] = Array.from({ length: o.workers }, () => undefined);
  let nextId = 0;

  function spawn(slot: number): Thread {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (reply: ScanReply | DecodeReply) => {
      const p = thread.pending.get(reply.id);
      if (!p) return;
      thread.pending.delete(reply.id);
      p.reply(reply);
    });
    // A crashed worker fails only its own chunks, with a status the recorder retries.
    const fail = (err?: Error) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      for (const p of thread.pending.values()) {
        p.reject(new HttpError(503, 'scan_unavailable', `The privacy scan failed (${err?.message ?? 'worker stopped'}); send the chunk again.`));
      }
      thread.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail());
    threads[slot] = thread;
    return thread;
  }

  /** The least busy worker, started when first needed. */
  function pick(): Thread {
    let best = -1;
    for (let i = 0; i < threads.length; i++) {
      const t = threads[i];
      if (!t) return spawn(i);
      if (best < 0 || t.pending.size < threads[best]!.pending.size) best = i;
    }
    return threads[best]!;
  }

  /** Decoding in a worker: its refusal comes back as the HttpError it was. */
  function decode<T>(data: Buffer, kind: DecodeJob['kind'], take: (d: DecodeReply) => T): Promise<T> {
    const thread = pick();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      thread.pending.set(id, {
        reply: (r) => {
          const d = r as DecodeReply;
          if (d.outcome === 'refused') return reject(new HttpError(d.status, d.code, d.message, d.details));
          try {
            resolve(take(d));
          } catch (err) {
            reject(err);
          }
        },
        reject,
      });
      const job: DecodeJob = { id, kind, data };
      // Not needed here again: moved, not copied, when it owns its memory.
      const owned = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
      thread.worker.postMessage(job, owned ? [data.buffer as ArrayBuffer] : []);
    });
  }

  return {
    enabled: o.enabled,
    async scan(data, limit, encoding = 'gzip') {
      const plain = encoding === 'plain';
      if (!o.enabled) return { data: plain ? await gzipAsync(data) : data, catches: [] };
      if (plain && data.length <= INLINE_TEXT_BYTES) {
        const reply = scanChunk({ id: -1, data, limit, plain, steps: INLINE_STEPS });
        // Over the small share (always below a text's own budget): a worker scans it with the whole budget.
        if (reply.outcome !== 'too_costly') return new Promise((resolve, reject) => settle({ data, limit, resolve, reject }, reply));
      }
      if (!plain && data.length <= INLINE_GZIP_BYTES && claimedSize(data) <= INLINE_TEXT_BYTES) {
        // Capped at the small size: a trailer that lies about it sends the chunk on to a worker.
        const reply = scanChunk({ id: -1, data, limit: Math.min(limit, INLINE_TEXT_BYTES), steps: INLINE_STEPS });
        const handOver = (reply.outcome === 'too_large' && limit > INLINE_TEXT_BYTES) || reply.outcome === 'too_costly';
        if (!handOver) return new Promise((resolve, reject) => settle({ data, limit, resolve, reject }, reply));
      }
      const thread = pick();
      const id = nextId++;
      return new Promise<ScanResult>((resolve, reject) => {
        thread.pending.set(id, { reply: (r) => settle({ data, limit, resolve, reject }, r as ScanReply), reject });
        const job: ScanJob = { id, data, limit, plain };
        // Plain text is not needed here again (its compressed form comes back): moved, not copied, when it owns its memory.
        const owned = plain && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
        thread.worker.postMessage(job, owned ? [data.buffer as ArrayBuffer] : []);
      });
    },
    decodeJson: (raw) =>
      decode(raw, 'decode-json', (d) => {
        if (d.outcome !== 'decoded') throw new Error(`unexpected reply ${d.outcome}`);
        return { ...d.chunk, data: Buffer.from(d.chunk.data.buffer, d.chunk.data.byteOffset, d.chunk.data.byteLength), hash: Buffer.from(d.chunk.hash) };
      }),
    parseHeader: (text) =>
      decode(text, 'parse-header', (d) => {
        if (d.outcome !== 'header') throw new Error(`unexpected reply ${d.outcome}`);
        return d.header;
      }),
    async close() {
      await Promise.all(threads.map((t) => t?.worker.terminate()));
    },
  };
}
