// Drives the re-keying of a site's stored pages (store/page-rekey.ts) after its
// pageQueryKeys change: one batch per turn of the event loop, so requests and
// ingest go on between batches. Resumed at start for a pass a stop interrupted.
import type { Store } from '../store/index.ts';

const running = new WeakMap<Store, Set<number>>();

/** Runs the site's pass to its end in the background; a second call while it runs does nothing. */
export function rekeyPagesInBackground(store: Store, siteId: number, done?: () => void): void {
  const sites = running.get(store) ?? new Set<number>();
  running.set(store, sites);
  if (sites.has(siteId)) return;
  sites.add(siteId);
  const next = () => {
    // A closed store (the server stopping) ends the pass; its progress is saved, and the next start resumes it.
    let more = false;
    if (store.db.open) more = store.pages.rekeyStep(siteId);
    if (more) setImmediate(next);
    else {
      sites.delete(siteId);
      done?.();
    }
  };
  setImmediate(next);
}

/** Resumes every pass a stop interrupted. */
export function resumePageRekeys(store: Store): void {
  for (const siteId of store.pages.sitesRekeying()) rekeyPagesInBackground(store, siteId);
}
