// Page views: the first one at start, then one per SPA navigation (History API,
// popstate, hashchange). Returns the function that stops watching.
import type { PageView } from '../contract/schemas/index.ts';
import { maskTextFor, urlPolicy } from './privacy.ts';
import { maskUrlForMode } from '../contract/url-masking.ts';
import type { PrivacyMode } from './types.ts';

export interface PageTracker {
  current(): number;
  stop(): void;
}

/** `safeKeys`: query keys whose values the site declares safe (data-query-keys); strict masks the others. */
export function trackPages(mode: PrivacyMode, safeKeys: readonly string[], nextPv: () => number, onPage: (page: PageView) => void): PageTracker {
  const urls = urlPolicy(mode, safeKeys);
  let pv = -1;
  let url = '';
  const view = () => {
    if (location.href === url) return;
    url = location.href;
    pv = nextPv();
    const doc = document.documentElement;
    const titleElement = document.querySelector('title');
    onPage({
      pv,
      url: maskUrlForMode(url, urls),
      title: maskTextFor(mode, document.title, titleElement).slice(0, 512),
      ts: Date.now(),
      viewportWidth: innerWidth,
      viewportHeight: innerHeight,
      docWidth: doc.scrollWidth,
      docHeight: doc.scrollHeight,
    });
  };

  const { pushState, replaceState } = history;
  history.pushState = function (...args: Parameters<History['pushState']>) {
    pushState.apply(this, args);
    view();
  };
  history.replaceState = function (...args: Parameters<History['replaceState']>) {
    replaceState.apply(this, args);
    view();
  };
  addEventListener('popstate', view);
  addEventListener('hashchange', view);
  view();

  return {
    current: () => pv,
    stop() {
      history.pushState = pushState;
      history.replaceState = replaceState;
      removeEventListener('popstate', view);
      removeEventListener('hashchange', view);
    },
  };
}
