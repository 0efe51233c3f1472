// A worker thread of the PII scan pool: inflates one chunk's events, masks what the
// browser let through, and re-compresses only when something was caught, so the
// common case hands back nothing but "clean" and the original bytes are stored.
import { parentPort } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { inflateEvents } from './inflate.ts';
import { scrubRecordedText } from './scrub-events.ts';
import { mayHoldPageText } from './first-look.ts';
import type { ScanJob, ScanReply } from './scan-pool.ts';

function scan(job: ScanJob): ScanReply {
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

parentPort!.on('message', (job: ScanJob) => parentPort!.postMessage(scan(job)));
