// A worker thread of the PII scan pool (scan-pool.ts): one chunk in, its scan out.
import { parentPort } from 'node:worker_threads';
import { scanChunk, type ScanJob } from './scan-chunk.ts';

parentPort!.on('message', (job: ScanJob) => parentPort!.postMessage(scanChunk(job)));
