// One error type carrying its status; one handler shapes every error answer as
// {error: {code, message, details?}} and never leaks a stack trace.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { S3Error } from '../store/blobs/s3.ts';
import { BlobErasureError } from '../store/blobs/blob-erasure.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function zodDetails(err: ZodError): { path: string; message: string }[] {
  return err.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function invalid(code: string, err: ZodError): HttpError {
  const first = err.issues[0];
  const where = first && first.path.length ? ` at ${first.path.join('.')}` : '';
  return new HttpError(400, code, `${first?.message ?? 'invalid input'}${where}`, zodDetails(err));
}

interface BodyParserError { type?: string; status?: number; expose?: boolean; message?: string }

export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  let e: HttpError;
  if (err instanceof HttpError) e = err;
  else if (err instanceof ZodError) e = invalid('invalid_request', err);
  else if (isBodyParserError(err)) e = fromBodyParser(err);
  else if (isStorageTrouble(err)) {
    // The code, or for the bucket its message (operation, bucket, status; never a credential).
    console.error('storage unavailable:', (err as { code?: string }).code || (err as Error).message);
    e = new HttpError(503, 'storage_unavailable', 'The server cannot reach or use its storage right now (disk full, busy or unreachable); nothing was stored. Retry later.', undefined, { 'Retry-After': '10' });
  } else {
    console.error('unexpected error:', err instanceof Error ? err.message : String(err));
    e = new HttpError(500, 'internal', 'Something went wrong on the server. It has been logged.');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // For /metrics: refusals are counted by code.
  res.locals.errorCode = e.code;
  if (e.headers) res.set(e.headers);
  res.status(e.status).json({ error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } });
};

/**
 * Trouble of the storage, not of the request, so the client should retry: SQLite's "disk
 * full", I/O and lock errors; PostgreSQL unreachable, restarting, out of connections or
 * disk (SQLSTATE classes 08, 53, 57P0x), or a lock or serialization conflict that outlived
 * its retries; the bucket failing or unreachable (S3Error without a 4xx, BlobErasureError).
 */
function isStorageTrouble(err: unknown): boolean {
  if (err instanceof BlobErasureError) return true;
  if (err instanceof S3Error) return err.status === null || err.status >= 500;
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = e?.code;
  if (typeof code === 'string' && /^(SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY)|08...|53...|57P0[1-3]|40001|40P01|55P03|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(code)) return true;
  // pg's pool says so in words when no connection came in time, or the connection ended.
  return typeof e?.message === 'string' && /^(timeout exceeded when trying to connect|Connection terminated)/.test(e.message);
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && 'type' in err && typeof (err as BodyParserError).status === 'number';
}

function fromBodyParser(err: BodyParserError): HttpError {
  switch (err.type) {
    case 'entity.too.large':
      return new HttpError(413, 'body_too_large', 'The request body is larger than allowed.');
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', err.message ?? 'Unsupported body encoding.');
    default: {
      const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 400;
      return new HttpError(status, 'bad_request', err.expose && err.message ? err.message : 'The request could not be read.');
    }
  }
}
