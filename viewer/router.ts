// Client-side navigation under /viewer/. Links stay real <a href> (open in a
// new tab, copy link, keyboard all work); a plain left click is taken over
// here and turned into a History API push, so the player is not reloaded.

export const BASE = '/viewer/';

export const PRIVACY_HREF = `${BASE}privacy`;
export const AUDIT_HREF = `${BASE}privacy/audit`;
export const PREVIEW_HREF = `${BASE}privacy/preview`;
export const LEAKS_HREF = `${BASE}privacy/leaks`;
export const HEATMAPS_HREF = `${BASE}heatmaps`;
export const SURVEYS_HREF = `${BASE}surveys`;
export const TOKENS_HREF = `${BASE}tokens`;

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

/** What history.state holds: the viewer URL we came from, so "back" can keep the list's filters. */
export interface NavigationState {
  from?: string;
}

export function cameFrom(): string | undefined {
  const from = (history.state as NavigationState | null)?.from;
  return typeof from === 'string' && from.startsWith(BASE) ? from : undefined;
}

export function navigate(url: string, { replace = false } = {}): void {
  const state: NavigationState = { from: location.pathname + location.search };
  if (replace) history.replaceState(history.state, '', url);
  else history.pushState(state, '', url);
  // One code path for render: the same event the back button fires.
  window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  if (!replace) window.scrollTo(0, 0);
}

/** Starts listening; returns the function that stops. */
export function startRouter(render: () => void): () => void {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(BASE)) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  };
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', render);
  return () => {
    document.removeEventListener('click', onClick);
    window.removeEventListener('popstate', render);
  };
}
