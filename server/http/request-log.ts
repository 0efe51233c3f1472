// One line per request, without personal data: no IP address, no query string
// (URLs may carry ids and search terms), and ids in paths replaced by the route's
// pattern (/api/v1/sessions/:id, /viewer/sessions/:id), so the log can be kept and shared.
import type { Request, RequestHandler } from 'express';
import { matchRoute } from '../../contract/viewer-routes.ts';

/** Paths of files every visitor gets: they name no one. */
const FILES = /^\/(?:einblick(?:-recorder|-survey)?\.js|viewer\/assets\/[\w./-]*|demo(?:\/[\w.-]*)?|healthz)$/;

function loggedPath(req: Request, status: number): string {
  const route = req.route as { path?: unknown } | undefined;
  if (typeof route?.path === 'string') return route.path;
  const path = req.path;
  if (path.startsWith('/api/')) return '(unmatched api path)';
  if (FILES.test(path)) return path;
  // The viewer's pages share one route (a list of patterns), so its path is rebuilt here.
  if (path === '/viewer' || path.startsWith('/viewer/')) {
    const page = matchRoute(path);
    if (page.page === 'replay') return '/viewer/sessions/:id';
    return page.page === 'not-found' ? '(unmatched viewer path)' : path;
  }
  return status === 404 ? '(unmatched path)' : path === '/' ? '/' : '(other path)';
}

export function requestLog(write: (line: string) => void = (line) => process.stdout.write(line + '\n')): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      write(JSON.stringify({ t: new Date().toISOString(), method: req.method, path: loggedPath(req, res.statusCode), status: res.statusCode, ms: Math.round(ms * 10) / 10, bytes: Number(res.getHeader('content-length') ?? 0) }));
    });
    next();
  };
}
