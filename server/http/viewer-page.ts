// The viewer's HTML for one route: the build's hashed bundles (dist/viewer/manifest.json,
// see viewer/build/manifest.mjs) and preloads for what that route will ask for first.
// Without them a replay's requests run one after another: the HTML, then main.js, then
// the chunks main.js imports, then /auth/me, and only then the session, its first segment
// and the replay page's code. With them the browser starts all of it while it parses the
// HTML; the viewer's own fetch() calls then take over the preloaded responses (same URL,
// same CORS mode and credentials), so nothing is requested twice and a viewing still
// leaves one audit row.
import { FIRST_HEAD_UNTIL, matchRoute, replaySegmentPath } from '../../contract/viewer-routes.ts';

export interface ViewerManifest {
  script: string;
  style: string;
  /** Per page loaded on demand (and "main"): every module it imports statically, itself first. */
  modules: Record<string, string[]>;
}

export const ASSETS_MARK = '<!-- einblick:assets';
const ASSETS = '/viewer/assets/';
/** Only ids the API accepts (server/routes/sessions.ts) go into a URL here: nothing to escape. */
const PLAIN_ID = /^[A-Za-z0-9_-]{1,64}$/;

const fetchPreload = (href: string) => `<link rel="preload" as="fetch" crossorigin href="${href.replaceAll('&', '&amp;')}">`;
const modulePreload = (file: string) => `<link rel="modulepreload" href="${ASSETS}${file}">`;

/** Whether a replay opens at a moment (?t=, see viewer/replay/replay-load.ts): its first segment then depends on the session's start. */
function opensLater(search: URLSearchParams): boolean {
  const t = Number(search.get('t'));
  return Number.isFinite(t) && t > 0;
}

/** The tags for the page at `pathname`: data requests first, since the server answers them slowest. */
export function viewerHead(manifest: ViewerManifest, pathname: string, search: URLSearchParams): string {
  const route = matchRoute(pathname);
  const tags: string[] = [fetchPreload('/api/v1/auth/me')];
  const modules = [...(manifest.modules.main ?? [])];
  if (route.page === 'replay' && PLAIN_ID.test(route.sessionId)) {
    const session = `/api/v1/sessions/${route.sessionId}`;
    if (!opensLater(search)) tags.unshift(fetchPreload(`/api/v1${replaySegmentPath(route.sessionId, 0, FIRST_HEAD_UNTIL)}`));
    tags.push(fetchPreload(session));
  }
  if (route.page === 'replay' || route.page === 'heatmaps') modules.push(...(manifest.modules[route.page] ?? []));
  tags.push(`<link rel="stylesheet" href="${ASSETS}${manifest.style}">`);
  tags.push(`<script type="module" src="${ASSETS}${manifest.script}"></script>`);
  for (const file of new Set(modules)) if (file !== manifest.script) tags.push(modulePreload(file));
  return tags.join('\n    ');
}

/** index.html with its assets comment replaced by the route's tags. */
export function viewerPage(template: string, manifest: ViewerManifest, pathname: string, search: URLSearchParams): string {
  const at = template.indexOf(ASSETS_MARK);
  const end = template.indexOf('-->', at);
  if (at < 0 || end < 0) throw new Error('viewer/index.html has no assets comment');
  return template.slice(0, at) + viewerHead(manifest, pathname, search) + template.slice(end + 3);
}
