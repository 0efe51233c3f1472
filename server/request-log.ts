// One line per request, without personal data: no IP address, no query string
// (URLs may carry ids and search terms), and ids in paths replaced by the route's
// pattern (/api/v1/sessions/:id), so the log can be kept and shared.
import type { RequestHandler } from 'express';

export function requestLog(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route = req.route as { path?: unknown } | undefined;
      const path = typeof route?.path === 'string' ? route.path : req.path.startsWith('/api/') ? '(unmatched api path)' : req.path;
      write(JSON.stringify({ t: new Date().toISOString(), method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10, bytes: Number(res.getHeader('content-length') ?? 0) }));
    });
    next();
  };
}
