// Files the server hands out: the recorder bundles (to any page), the viewer (under a
// strict Content-Security-Policy) and the demo page.
import { Router, static as serveStatic, type RequestHandler, type Response } from 'express';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { viewerPage, type ViewerManifest } from '../http/viewer-page.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist');

/** This server's own folders of static files, which a replayed page may load from: nothing there reads a login or writes the audit trail. */
const STATIC_PATHS = ['/viewer/assets/', '/demo/'];

/** host[:port] as the browser addressed us; only a plain host goes into the policy (a `;` would add directives). */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The viewer renders DOM recorded in strangers' browsers. Recorded scripts are never
 * replayed (rrweb's iframe has no allow-scripts), and this policy is the second wall:
 * only our own bundle runs, and a replay (whose iframe inherits this policy) may load
 * images, styles and fonts only from `siteOrigins` and this server's static folders and
 * `assetPaths`: never from the rest of the API, so a recorded <img> or stylesheet cannot
 * make the researcher's browser call it with their login (the API refuses such requests
 * too, see server/http/fetch-metadata.ts). A recorded tracking pixel or a CSS url() pointing
 * elsewhere never learns that a researcher is watching. `assetPaths` are more of this
 * server's paths replays may load from, each starting and ending with "/". The viewer
 * passes no site origins: replays and heatmap snapshots load the assets Einblick
 * captured (/api/v1/assets/, server/assets/), never the site's own.
 */
export function viewerCsp(siteOrigins: readonly string[], ownHost: string | undefined, assetPaths: readonly string[] = []): string {
  const host = ownHost && PLAIN_HOST.test(ownHost) ? ownHost : null;
  // A site registered on this very host would bring the whole API back in.
  const sites = [...new Set(siteOrigins)].filter((o) => o.startsWith('http') && safeHost(o) !== host);
  // A scheme-less source takes the page's own scheme (https upgrades included).
  const own = host ? [...STATIC_PATHS, ...assetPaths].map((p) => `${host}${p}`) : [];
  const assets = ['data:', 'blob:', ...own, ...sites].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'unsafe-inline' ${assets}`,
    `img-src ${assets}`,
    `font-src ${assets}`,
    "media-src 'none'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "manifest-src 'none'",
    "worker-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
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

/** The viewer's HTML for a route; the template and manifest are read again when a build changed them. */
function viewerPageFiles(templateFile: string, manifestFile: string): (pathname: string, search: URLSearchParams) => string {
  let stamp = '';
  let template = '';
  let manifest: ViewerManifest = { script: '', style: '', modules: {} };
  return (pathname, search) => {
    const now = `${statSync(templateFile).mtimeMs}:${statSync(manifestFile).mtimeMs}`;
    if (now !== stamp) {
      template = readFileSync(templateFile, 'utf8');
      manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ViewerManifest;
      stamp = now;
    }
    return viewerPage(template, manifest, pathname, search);
  };
}

export function staticRoutes(): Router {
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
    res.set('Content-Security-Policy', viewerCsp([], res.req.headers.host, ['/api/v1/assets/']));
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
  };
  // Every bundle name carries a content hash (esbuild.config.mjs): a name never changes
  // meaning, so a returning researcher's browser keeps them without asking again.
  const assetHeaders = (res: Response) => {
    viewerHeaders(res);
    res.set('Cache-Control', 'public, max-age=31536000, immutable');
  };
  router.get(['/viewer/assets/:file', '/viewer/assets/chunks/:file'], (req, res, next) => {
    const file = String(req.params.file);
    if (!/^[\w-]+\.(js|css)$/.test(file)) return next();
    const ext = file.endsWith('.css') ? 'text/css' : 'text/javascript';
    precompressed(path.join(DIST, 'viewer', req.path.includes('/chunks/') ? 'chunks' : '', file), `${ext}; charset=utf-8`, assetHeaders)(req, res, next);
  });
  // Source maps are named after their hashed bundles; the build's manifest.json is not hashed.
  const hashed = (file: string) => /-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(file);
  router.use('/viewer/assets', serveStatic(path.join(DIST, 'viewer'), { setHeaders: (res, file) => (hashed(file) ? assetHeaders(res) : viewerHeaders(res)), fallthrough: false, index: false }));
  const page = viewerPageFiles(path.join(ROOT, 'viewer', 'index.html'), path.join(DIST, 'viewer', 'manifest.json'));
  router.get(['/viewer', '/viewer/', '/viewer/{*rest}'], (req, res) => {
    viewerHeaders(res);
    res.set('Cache-Control', 'no-cache');
    res.type('html').send(page(req.path, new URLSearchParams(req.url.split('?')[1] ?? '')));
  });

  router.get('/demo', (_req, res) => res.sendFile(path.join(ROOT, 'server', 'demo', 'index.html')));
  router.use('/demo', serveStatic(path.join(ROOT, 'server', 'demo'), { index: false }));
  router.get('/', (_req, res) => res.redirect('/viewer/'));

  return router;
}
