// Builds a body in the recorder's compact format, as the recorder does in the browser:
// "EBK2" with a gzipped header, or the first version, "EBK1", with a plain one.
import { gunzipSync, gzipSync } from 'node:zlib';

export function compactBody(header: Record<string, unknown>, events: unknown[] | Buffer, version: 1 | 2 = 2): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const head = version === 2 ? gzipSync(json) : json;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const blob = Buffer.isBuffer(events) ? events : gzipSync(JSON.stringify(events));
  return Buffer.concat([Buffer.from(`EBK${version}`), length, head, blob]);
}

/** The header of a compact body, whichever version. */
export function compactHeaderOf(body: Buffer): Record<string, unknown> {
  const head = body.subarray(8, 8 + body.readUInt32BE(4));
  return JSON.parse((body.subarray(0, 4).toString() === 'EBK2' ? gunzipSync(head) : head).toString()) as Record<string, unknown>;
}
