// One chunk's scan, start to end: inflate its events, mask what the browser let
// through, and re-compress only when something was caught, so the common case hands
// back nothing but "clean" and the original bytes are stored. Runs in a worker thread
// (scan-worker.ts), or on the event loop for a chunk too small to be worth the trip.
import { gzipSync } from 'node:zlib';
import { inflateEvents } from './inflate.ts';
import { mayHoldPageText } from './first-look.ts';
import { scrubRecordedText, type Catch } from './scrub-events.ts';

export interface ScanJob {
  id: number;
  /** gzip of the chunk's events (or of an event part's text). */
  data: Uint8Array;
  /** Bytes it may inflate to. */
  limit: number;
}

export type ScanReply =
  | { id: number; outcome: 'clean' }
  | { id: number; outcome: 'scrubbed'; data: Uint8Array; catches: Catch[] }
  | { id: number; outcome: 'too_large' | 'invalid_gzip' };

export function scanChunk(job: ScanJob): ScanReply {
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
