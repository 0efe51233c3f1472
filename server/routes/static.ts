// Files the server hands out: the recorder bundles (to any page), the viewer (under a
// strict Content-Security-Policy) and the demo page.
import { Router, static as serveStatic, type RequestHandler, type Response } from 'express';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');

/**
 * The viewer renders DOM recorded in strangers' browsers. Recorded scripts are never
 * replayed (rrweb's iframe has no allow-scripts), and this policy is the second wall:
 * only our own bundle runs, and a replay may load images, styles and fonts only from
 * this server and the registered sites' own origins. A recorded tracking pixel or a
 * CSS url() pointing elsewhere never learns that a researcher is watching.
 */
export function viewerCsp(siteOrigins: readonly string[]): string {
  const assets = ["'self'", 'data:', 'blob:', ...new Set(siteOrigins)].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'unsafe-inline' ${assets}`,
    `img-src ${assets}`,
    `font-src ${assets}`,
    "media-src 'none'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A .gz sibling older than its file is left over from an earlier build: never serve it. */
function freshGzip(file: string): boolean {
  try {
    return statSync(file + '.gz').mtimeMs >= statSync(file).mtimeMs;
  } catch {
    return false;
  }
}

/**
 * Serves the build's precompressed `.gz` sibling (see esbuild.config.mjs) to clients
 * that accept gzip: the stub a visitor downloads is 2 KB, not 4.
 */
function precompressed(file: string, type: string, headers: (res: Response) => void): RequestHandler {
  return (req, res, next) => {
    if (!req.acceptsEncodings('gzip') || !freshGzip(file)) return next();
    headers(res);
    res.set({ 'Content-Encoding': 'gzip', 'Content-Type': type, Vary: 'Accept-Encoding' });
    res.sendFile(file + '.gz');
  };
}

export function staticRoutes(store: Store): Router {
  const router = Router();

  const recorderHeaders = (res: Response) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Cache-Control', 'public, max-age=300');
    res.set('Content-Type', 'text/javascript; charset=utf-8');
  };
  for (const name of ['einblick.js', 'einblick-recorder.js', 'einblick-survey.js']) {
    const file = path.join(DIST, name);
    router.get(`/${name}`, precompressed(file, 'text/javascript; charset=utf-8', recorderHeaders));
    router.use(`/${name}`, serveStatic(file, { setHeaders: recorderHeaders }));
  }

  const viewerHeaders = (res: Response) => {
    res.set('Content-Security-Policy', viewerCsp(store.listSites().flatMap((site) => site.origins)));
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
  };
  router.get(['/viewer/assets/main.js', '/viewer/assets/chunks/:chunk'], (req, res, next) => {
    const chunk = typeof req.params.chunk === 'string' ? req.params.chunk : undefined;
    if (chunk !== undefined && !/^[\w-]+\.js$/.test(chunk)) return next();
    const file = chunk ? path.join(DIST, 'viewer', 'chunks', chunk) : path.join(DIST, 'viewer', 'main.js');
    precompressed(file, 'text/javascript; charset=utf-8', viewerHeaders)(req, res, next);
  });
  router.get('/viewer/assets/main.css', precompressed(path.join(DIST, 'viewer', 'main.css'), 'text/css; charset=utf-8', viewerHeaders));
  router.use('/viewer/assets', serveStatic(path.join(DIST, 'viewer'), { setHeaders: viewerHeaders, fallthrough: false }));
  router.get(['/viewer', '/viewer/', '/viewer/{*rest}'], (_req, res) => {
    viewerHeaders(res);
    res.set('Cache-Control', 'no-cache');
    res.sendFile(path.join(ROOT, 'viewer', 'index.html'));
  });

  router.get('/demo', (_req, res) => res.sendFile(path.join(ROOT, 'server', 'demo', 'index.html')));
  router.use('/demo', serveStatic(path.join(ROOT, 'server', 'demo'), { index: false }));
  router.get('/', (_req, res) => res.redirect('/viewer/'));

  return router;
}
