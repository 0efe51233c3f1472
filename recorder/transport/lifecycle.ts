// The page going away. Closing a tab or backgrounding a phone hides the page before
// pagehide (if that comes at all), so both are watched. Returns the stop.
export interface PageLifecycle {
  /** The page was hidden: it may never be shown again. */
  onHidden(): void;
  /** The page is being left (or put in the back/forward cache). */
  onLeave(): void;
}

export function watchPageLifecycle(on: PageLifecycle): () => void {
  const onVisibility = () => document.visibilityState === 'hidden' && on.onHidden();
  const onPageHide = () => on.onLeave();
  addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    removeEventListener('pagehide', onPageHide);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
