// The compact body format the recorder sends (README, "Chunk formats"):
//
//   "EBK2" | header length (uint32, big-endian) | gzip(header JSON) | gzip(JSON array of events)
//
// ("EBK1", the first version, has the header as plain JSON and is still taken.)
// The small header carries the chunk's facts and is validated; the events blob is
// never parsed into objects on the ingest path (only its text is read, by the PII
// scan) and is stored as it came unless the scan masked something. That is what lets
// one small server take a busy site's traffic: parsing whole chunks costs ten times
// more than storing them (see the benchmarks).
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ChunkHeader } from '../schemas.ts';
import { HttpError, invalid } from '../http-error.ts';
import { timeSpan, type DecodedChunk } from './decoded-chunk.ts';

const PLAIN_HEADER = Buffer.from('EBK1');
const GZIP_HEADER = Buffer.from('EBK2');
const MAX_HEADER_BYTES = 512 * 1024;

const magicOf = (body: Buffer) => body.subarray(0, 4);
export const isCompactChunk = (body: Buffer): boolean => body.length >= 8 && (magicOf(body).equals(GZIP_HEADER) || magicOf(body).equals(PLAIN_HEADER));

/** The header's text; a gzipped one is inflated here, on the event loop, as it is small and bounded. */
function headerText(header: Buffer, gzipped: boolean): string {
  if (!gzipped) return header.toString('utf8');
  try {
    return gunzipSync(header, { maxOutputLength: MAX_HEADER_BYTES }).toString('utf8');
  } catch {
    throw new HttpError(400, 'invalid_chunk', `The header is not valid gzip, or inflates past ${MAX_HEADER_BYTES} bytes.`);
  }
}

export function decodeCompactChunk(body: Buffer): DecodedChunk {
  const length = body.readUInt32BE(4);
  if (length > MAX_HEADER_BYTES || 8 + length > body.length) {
    throw new HttpError(400, 'invalid_chunk', `The header length ${length} does not fit the body of ${body.length} bytes.`);
  }
  const text = headerText(body.subarray(8, 8 + length), magicOf(body).equals(GZIP_HEADER));
  let header: unknown;
  try {
    header = JSON.parse(text);
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
    encoding: 'gzip',
    hash: createHash('sha256').update(body).digest(),
  };
}
