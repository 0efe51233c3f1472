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
import { gunzip, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { ChunkHeader } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { timeSpan, type DecodedChunk } from './decoded-chunk.ts';

const PLAIN_HEADER = Buffer.from('EBK1');
const GZIP_HEADER = Buffer.from('EBK2');
const MAX_HEADER_BYTES = 512 * 1024;
// A recorder's header is a few KB. One this small is parsed and validated on the event
// loop (well under a millisecond); a larger one (up to 512 KB: 15-50 ms measured) in a worker.
const INLINE_HEADER_BYTES = 32 * 1024;
const gunzipAsync = promisify(gunzip);

const magicOf = (body: Buffer) => body.subarray(0, 4);
export const isCompactChunk = (body: Buffer): boolean => body.length >= 8 && (magicOf(body).equals(GZIP_HEADER) || magicOf(body).equals(PLAIN_HEADER));

/**
 * The header's text. A gzipped one that says it is small is inflated here, on the event
 * loop, cut off at the small size (microseconds); any other on the thread pool.
 */
async function headerText(header: Buffer, gzipped: boolean): Promise<Buffer> {
  if (!gzipped) return header;
  const claimed = header.length >= 4 ? header.readUInt32LE(header.length - 4) : Infinity;
  if (claimed <= INLINE_HEADER_BYTES) {
    try {
      return gunzipSync(header, { maxOutputLength: INLINE_HEADER_BYTES });
    } catch {
      // a trailer that lied, or broken gzip: the thread pool says which
    }
  }
  try {
    return await gunzipAsync(header, { maxOutputLength: MAX_HEADER_BYTES });
  } catch {
    throw new HttpError(400, 'invalid_chunk', `The header is not valid gzip, or inflates past ${MAX_HEADER_BYTES} bytes.`);
  }
}

/** The header's JSON text to its facts; throws HttpError. Pure: runs on the event loop or in a worker. */
export function parseChunkHeader(text: Buffer): ChunkHeader {
  let header: unknown;
  try {
    header = JSON.parse(text.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The chunk header is not valid JSON.');
  }
  const parsed = ChunkHeader.safeParse(header);
  if (!parsed.success) throw invalid('invalid_chunk', parsed.error);
  return parsed.data;
}

/** `offload`: parses a large header elsewhere (on public routes a worker running parseChunkHeader). */
export async function decodeCompactChunk(body: Buffer, offload = async (text: Buffer) => parseChunkHeader(text)): Promise<DecodedChunk> {
  const length = body.readUInt32BE(4);
  if (length > MAX_HEADER_BYTES || 8 + length > body.length) {
    throw new HttpError(400, 'invalid_chunk', `The header length ${length} does not fit the body of ${body.length} bytes.`);
  }
  const text = await headerText(body.subarray(8, 8 + length), magicOf(body).equals(GZIP_HEADER));
  const header = text.length <= INLINE_HEADER_BYTES ? parseChunkHeader(text) : await offload(Buffer.from(text));
  const { eventCount, firstTs, lastTs, fullSnapshot, ...facts } = header;
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
