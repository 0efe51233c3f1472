// Builds a body in the recorder's compact format, as the recorder does in the browser.
import { gzipSync } from 'node:zlib';

export function compactBody(header: Record<string, unknown>, events: unknown[] | Buffer): Buffer {
  const head = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const blob = Buffer.isBuffer(events) ? events : gzipSync(JSON.stringify(events));
  return Buffer.concat([Buffer.from('EBK1'), length, head, blob]);
}
