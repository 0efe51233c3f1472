// Client-side navigation under /viewer/. Links stay real <a href> (open in a
// new tab, copy link, keyboard all work); a plain left click is taken over
// here and turned into a History API push, so the player is not reloaded.

// The routes themselves are shared with the server, which writes each route's HTML with its preloads.
export { BASE, PRIVACY_HREF, AUDIT_HREF, PREVIEW_HREF, LEAKS_HREF, HEATMAPS_HREF, SURVEYS_HREF, TOKENS_HREF, SITES_HREF, matchRoute, sessionHref, replayMomentHref, type Route } from '../contract/viewer-routes.ts';
import { BASE } from '../contract/viewer-routes.ts';

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
