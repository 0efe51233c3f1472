// Reads a public request body within limits: bytes on the wire first, then bytes
// after decompression, cut off while inflating so a gzip bomb never lands in memory.
import type { Request } from 'express';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpError } from '../http/http-error.ts';
import type { Limits } from '../config.ts';

type BodyLimits = Pick<Limits, 'bodyBytes' | 'inflatedBytes'>;

const gunzipAsync = promisify(gunzip);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new HttpError(413, 'body_too_large', `The body is ${mb(declared)}, the limit is ${mb(limit)}.`));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'body_too_large', `The body is over the limit of ${mb(limit)}.`));
        return;
      }
      parts.push(part);
    });
    req.on('end', () => resolve(Buffer.concat(parts, size)));
    req.on('error', () => reject(new HttpError(400, 'body_aborted', 'The request body was cut off.')));
  });
}

const isGzip = (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Pages send gzip with Content-Type text/plain (a CORS simple request cannot set
 * Content-Encoding without a preflight), so gzip is recognised by its magic bytes.
 */
export async function inflate(body: Buffer, limits: BodyLimits): Promise<Buffer> {
  if (!isGzip(body)) {
    if (body.length > limits.inflatedBytes) throw new HttpError(413, 'chunk_too_large', `The chunk is ${mb(body.length)}, the limit is ${mb(limits.inflatedBytes)}.`);
    return body;
  }
  try {
    // Output pieces about the size of the whole (recorded JSON inflates some 12-fold): zlib's
    // default of 16 KB makes a 750 KB chunk fifty trips to the thread pool, and costs 2 ms
    // of CPU against 0.6 (measured). At most 1 MB: zlib allocates a piece before it inflates
    // anything, so a garbage body must not make it reserve 16 times its size.
    const chunkSize = Math.min(limits.inflatedBytes, 1024 * 1024, Math.max(64 * 1024, body.length * 16));
    return await gunzipAsync(body, { maxOutputLength: limits.inflatedBytes, chunkSize });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, 'chunk_too_large', `The chunk inflates past the limit of ${mb(limits.inflatedBytes)}; split it into smaller chunks.`);
    }
    throw new HttpError(400, 'invalid_gzip', 'The body starts like gzip but is not valid gzip (truncated or corrupt).');
  }
}

/** Bodies are plain or gzip (recognised by their bytes); any other declared encoding is refused. */
export function checkContentEncoding(req: Request): void {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'gzip' && encoding !== 'identity') {
    throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; send gzip or plain JSON.`);
  }
}

export async function readJson(req: Request, limits: BodyLimits): Promise<{ raw: Buffer; json: unknown }> {
  checkContentEncoding(req);
  const raw = await inflate(await readBody(req, limits.bodyBytes), limits);
  try {
    return { raw, json: JSON.parse(raw.toString('utf8')) };
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON (after decompression, if gzipped).');
  }
}
