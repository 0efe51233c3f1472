// Files the server hands out: the recorder bundles (to any page), the viewer (under a
// strict Content-Security-Policy) and the demo page.
import { Router, static as serveStatic } from 'express';
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

export function staticRoutes(store: Store): Router {
  const router = Router();

  const recorderFile = (name: string) =>
    serveStatic(path.join(DIST, name), {
      setHeaders: (res) => {
        res.set('Access-Control-Allow-Origin', '*');
        res.set('Cache-Control', 'public, max-age=300');
        res.set('Content-Type', 'text/javascript; charset=utf-8');
      },
    });
  router.use('/einblick.js', recorderFile('einblick.js'));
  router.use('/einblick-recorder.js', recorderFile('einblick-recorder.js'));

  const viewerHeaders = (res: import('express').Response) => {
    res.set('Content-Security-Policy', viewerCsp(store.listSites().flatMap((site) => site.origins)));
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
  };
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
