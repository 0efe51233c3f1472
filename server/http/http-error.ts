// One error type carrying its status; one handler shapes every error answer as
// {error: {code, message, details?}} and never leaks a stack trace.
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

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
    console.error('storage unavailable:', (err as { code: string }).code);
    e = new HttpError(503, 'storage_unavailable', 'The server cannot store data right now (disk full or busy); nothing was stored. Retry later.', undefined, { 'Retry-After': '10' });
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

/** SQLite's "disk full", I/O and lock errors: temporary, so the client should retry. */
function isStorageTrouble(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(FULL|IOERR|BUSY|LOCKED|CANTOPEN|READONLY)/.test(code);
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
