// One chunk's scan, start to end: inflate its events, mask what the browser let
// through, and re-compress only when something was caught, so the common case hands
// back nothing but "clean" and the original bytes are stored. A JSON body's events
// come as plain text instead (they were parsed and serialized anyway): scanned as
// they are and compressed here, once. Runs in a worker thread
// (scan-worker.ts), or on the event loop for a chunk too small to be worth the trip.
import { gzipSync } from 'node:zlib';
import { inflateEvents } from './inflate.ts';
import { mayHoldPageText } from './first-look.ts';
import { scrubRecordedText, stepBudget, type Catch } from './scrub-events.ts';

export interface ScanJob {
  id: number;
  /** gzip of the chunk's events (or of an event part's text); their plain JSON text with `plain`. */
  data: Uint8Array;
  plain?: boolean;
  /** Bytes it may inflate to. */
  limit: number;
  /** Steps it may take, when fewer than its size allows (scan-pool.ts: the event loop's share). */
  steps?: number;
}

export type ScanReply =
  | { id: number; outcome: 'clean' }
  | { id: number; outcome: 'scrubbed'; data: Uint8Array; catches: Catch[] }
  /** A plain job's text, compressed (masked first if `catches` is not empty). */
  | { id: number; outcome: 'compressed'; data: Uint8Array; catches: Catch[] }
  | { id: number; outcome: 'too_large' | 'invalid_gzip' }
  /** Over the scan's step budget (scrub-events.ts): refused, never stored unscanned. */
  | { id: number; outcome: 'too_costly'; steps: number; budget: number }
  /** A compact chunk's blob that is not a JSON array of events. */
  | { id: number; outcome: 'not_events' };

// A compact chunk's events blob is what the recorder's JSON.stringify wrote for an array
// of rrweb events: '[]', or '[{"type":' up to '}]'. The ends are checked on every blob;
// the whole structure when the scan walks it (a blob with a catch in it).
const EVENTS_START = Buffer.from('[{"type":');
const isEventArray = (text: Buffer) =>
  (text.length === 2 && text[0] === 0x5b && text[1] === 0x5d) ||
  (text.length > EVENTS_START.length + 2 && text.subarray(0, EVENTS_START.length).equals(EVENTS_START) && text[text.length - 2] === 0x7d && text[text.length - 1] === 0x5d);

export function scanChunk(job: ScanJob): ScanReply {
  if (job.plain) {
    const text = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    if (!mayHoldPageText(text)) return { id: job.id, outcome: 'compressed', data: gzipSync(text), catches: [] };
    const budget = Math.min(job.steps ?? Infinity, stepBudget(text.length));
    const scrubbed = scrubRecordedText(text, budget);
    if (scrubbed.overBudget) return { id: job.id, outcome: 'too_costly', steps: scrubbed.steps, budget };
    return { id: job.id, outcome: 'compressed', data: gzipSync(scrubbed.text ?? text), catches: scrubbed.catches };
  }
  let text: Buffer;
  try {
    text = inflateEvents(job.data, job.limit);
  } catch (err) {
    const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    return { id: job.id, outcome: tooLarge ? 'too_large' : 'invalid_gzip' };
  }
  if (!isEventArray(text)) return { id: job.id, outcome: 'not_events' };
  if (!mayHoldPageText(text)) return { id: job.id, outcome: 'clean' };
  const budget = Math.min(job.steps ?? Infinity, stepBudget(text.length));
  const scrubbed = scrubRecordedText(text, budget);
  if (scrubbed.overBudget) return { id: job.id, outcome: 'too_costly', steps: scrubbed.steps, budget };
  if (scrubbed.wellFormed === false) return { id: job.id, outcome: 'not_events' };
  if (!scrubbed.text) return { id: job.id, outcome: 'clean' };
  return { id: job.id, outcome: 'scrubbed', data: gzipSync(scrubbed.text), catches: scrubbed.catches };
}
