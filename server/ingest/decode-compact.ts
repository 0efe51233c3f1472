// The compact body format the recorder sends (README, "Chunk formats"):
//
//   "EBK1" | header length (uint32, big-endian) | header JSON | gzip(JSON array of events)
//
// The small header carries the chunk's facts and is validated; the events blob is
// never parsed into objects on the ingest path (only its text is read, by the PII
// scan) and is stored as it came unless the scan masked something. That is what lets
// one small server take a busy site's traffic: parsing whole chunks costs ten times
// more than storing them (see the benchmarks).
import { createHash } from 'node:crypto';
import { ChunkHeader } from '../schemas.ts';
import { HttpError, invalid } from '../http-error.ts';
import { timeSpan, type DecodedChunk } from './decoded-chunk.ts';

const MAGIC = Buffer.from('EBK1');
const MAX_HEADER_BYTES = 512 * 1024;

export const isCompactChunk = (body: Buffer): boolean => body.length >= 8 && body.subarray(0, 4).equals(MAGIC);

export function decodeCompactChunk(body: Buffer): DecodedChunk {
  const length = body.readUInt32BE(4);
  if (length > MAX_HEADER_BYTES || 8 + length > body.length) {
    throw new HttpError(400, 'invalid_chunk', `The header length ${length} does not fit the body of ${body.length} bytes.`);
  }
  let header: unknown;
  try {
    header = JSON.parse(body.subarray(8, 8 + length).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The chunk header is not valid JSON.');
  }
  const parsed = ChunkHeader.safeParse(header);
  if (!parsed.success) throw invalid('invalid_chunk', parsed.error);
  const { eventCount, firstTs, lastTs, fullSnapshot, ...facts } = parsed.data;
  const blob = body.subarray(8 + length);
  if (blob.length < 18 || blob[0] !== 0x1f || blob[1] !== 0x8b) {
    throw new HttpError(400, 'invalid_chunk', 'After the header the body must hold the events as gzip.');
  }
  if (firstTs > lastTs) throw new HttpError(400, 'invalid_chunk', 'firstTs is after lastTs.');
  return {
    facts,
    eventCount,
    ...timeSpan(facts, [firstTs, lastTs]),
    fullSnapshot,
    data: Buffer.from(blob),
    hash: createHash('sha256').update(body).digest(),
  };
}
