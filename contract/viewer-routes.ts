// The viewer's routes and the API paths its first requests use: shared by the viewer,
// which renders them, and the server, which writes each route's HTML with preloads for
// exactly the requests the viewer will make (server/http/viewer-page.ts) and logs the route
// pattern without ids (server/http/request-log.ts). Pure: no DOM.

export const BASE = '/viewer/';

export const PRIVACY_HREF = `${BASE}privacy`;
export const AUDIT_HREF = `${BASE}privacy/audit`;
export const PREVIEW_HREF = `${BASE}privacy/preview`;
export const LEAKS_HREF = `${BASE}privacy/leaks`;
export const HEATMAPS_HREF = `${BASE}heatmaps`;
export const SURVEYS_HREF = `${BASE}surveys`;
export const TOKENS_HREF = `${BASE}tokens`;
export const SITES_HREF = `${BASE}sites`;

export type Route =
  | { page: 'sessions' }
  | { page: 'replay'; sessionId: string }
  | { page: 'heatmaps' }
  | { page: 'surveys' }
  | { page: 'privacy' }
  | { page: 'audit' }
  | { page: 'preview' }
  | { page: 'leaks' }
  | { page: 'tokens' }
  | { page: 'sites' }
  | { page: 'not-found' };

export function matchRoute(pathname: string): Route {
  if (pathname === BASE || pathname === '/viewer') return { page: 'sessions' };
  if (/^\/viewer\/heatmaps\/?$/.test(pathname)) return { page: 'heatmaps' };
  if (/^\/viewer\/surveys\/?$/.test(pathname)) return { page: 'surveys' };
  if (/^\/viewer\/privacy\/?$/.test(pathname)) return { page: 'privacy' };
  if (/^\/viewer\/privacy\/audit\/?$/.test(pathname)) return { page: 'audit' };
  if (/^\/viewer\/privacy\/preview\/?$/.test(pathname)) return { page: 'preview' };
  if (/^\/viewer\/privacy\/leaks\/?$/.test(pathname)) return { page: 'leaks' };
  if (/^\/viewer\/tokens\/?$/.test(pathname)) return { page: 'tokens' };
  if (/^\/viewer\/sites\/?$/.test(pathname)) return { page: 'sites' };
  const replay = /^\/viewer\/sessions\/([^/]+)\/?$/.exec(pathname);
  if (replay?.[1]) return { page: 'replay', sessionId: decodeURIComponent(replay[1]) };
  return { page: 'not-found' };
}

export function sessionHref(id: string): string {
  return `${BASE}sessions/${encodeURIComponent(id)}`;
}

/** A moment inside a replay, `offsetMs` after the session's first event. */
export function replayMomentHref(id: string, offsetMs: number): string {
  return `${sessionHref(id)}?t=${Math.max(0, Math.round(offsetMs))}`;
}

export function replaySegmentPath(id: string, from: number, until?: number): string {
  return `/sessions/${encodeURIComponent(id)}/events?from=${from}${until === undefined ? '' : `&until=${until}`}`;
}

/** `until` of the first request: the head is the chunks holding the first snapshot (server/replay/segments.ts headOf). */
export const FIRST_HEAD_UNTIL = 0;
