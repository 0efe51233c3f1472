// Inflates a chunk's gzip for the scan. A plain single-member gzip (what browsers'
// CompressionStream and zlib write) is inflated as raw deflate with its trailer's
// length checked: twice as fast as gunzip, whose CRC-32 costs as much as the inflating
// (measured: 0.19 against 0.36 ms for 750 KB). Anything else — header flags, more
// members, a length that does not match — goes through gunzip, which also gives the
// errors their usual codes.
import { gunzipSync, inflateRawSync } from 'node:zlib';

const HEADER = 10;
const TRAILER = 8;

/** Throws zlib's errors: ERR_BUFFER_TOO_LARGE past `limit`, another code for broken gzip. */
export function inflateEvents(gz: Uint8Array, limit: number): Buffer {
  const view = Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength);
  const size = view.length >= HEADER + TRAILER ? view.readUInt32LE(view.length - 4) : 0;
  const chunkSize = Math.min(Math.max(size + 64, 64 * 1024), limit);
  const plain = view.length >= HEADER + TRAILER && view[0] === 0x1f && view[1] === 0x8b && view[2] === 8 && view[3] === 0;
  if (plain && size <= limit) {
    try {
      const deflate = view.subarray(HEADER, view.length - TRAILER);
      const { buffer, engine } = inflateRawSync(deflate, { chunkSize, maxOutputLength: limit, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      if (engine.bytesWritten === deflate.length && buffer.length === size) return buffer;
    } catch {
      // fall through: gunzip says what is wrong
    }
  }
  return gunzipSync(view, { chunkSize, maxOutputLength: limit });
}
