// One chunk's scan, start to end: inflate its events, mask what the browser let
// through, and re-compress only when something was caught, so the common case hands
// back nothing but "clean" and the original bytes are stored. A JSON body's events
// come as plain text instead (they were parsed and serialized anyway): scanned as
// they are and compressed here, once. Runs in a worker thread
// (scan-worker.ts), or on the event loop for a chunk too small to be worth the trip.
import { gzipSync } from 'node:zlib';
import { inflateEvents } from './inflate.ts';
import { mayHoldPageText } from './first-look.ts';
import { scrubRecordedText, type Catch } from './scrub-events.ts';

export interface ScanJob {
  id: number;
  /** gzip of the chunk's events (or of an event part's text); their plain JSON text with `plain`. */
  data: Uint8Array;
  plain?: boolean;
  /** Bytes it may inflate to. */
  limit: number;
}

export type ScanReply =
  | { id: number; outcome: 'clean' }
  | { id: number; outcome: 'scrubbed'; data: Uint8Array; catches: Catch[] }
  /** A plain job's text, compressed (masked first if `catches` is not empty). */
  | { id: number; outcome: 'compressed'; data: Uint8Array; catches: Catch[] }
  | { id: number; outcome: 'too_large' | 'invalid_gzip' };

export function scanChunk(job: ScanJob): ScanReply {
  if (job.plain) {
    const text = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    const scrubbed = mayHoldPageText(text) ? scrubRecordedText(text) : { text: null, catches: [] };
    return { id: job.id, outcome: 'compressed', data: gzipSync(scrubbed.text ?? text), catches: scrubbed.catches };
  }
  let text: Buffer;
  try {
    text = inflateEvents(job.data, job.limit);
  } catch (err) {
    const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return { id: job.id, outcome: tooLarge ? 'too_large' : 'invalid_gzip' };
  }
  if (!mayHoldPageText(text)) return { id: job.id, outcome: 'clean' };
  const scrubbed = scrubRecordedText(text);
  if (!scrubbed.text) return { id: job.id, outcome: 'clean' };
  return { id: job.id, outcome: 'scrubbed', data: gzipSync(scrubbed.text), catches: scrubbed.catches };
}
