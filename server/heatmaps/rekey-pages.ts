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
  const next = async () => {
    // A closed store (the server stopping) ends the pass; its progress is saved, and the next start resumes it.
    let more = false;
    try {
      if (!store.closed) more = await store.pages.rekeyStep(siteId);
    } catch (err) {
      // Logged; the pass's progress is saved, and the next start (or keys change) resumes it.
      if (!store.closed) console.error('page re-key:', err instanceof Error ? err.message : err);
    }
    if (more) setImmediate(() => void next());
    else {
      sites.delete(siteId);
      done?.();
    }
  };
  setImmediate(() => void next());
}

/** Resumes every pass a stop interrupted. */
export async function resumePageRekeys(store: Store): Promise<void> {
  for (const siteId of await store.pages.sitesRekeying()) rekeyPagesInBackground(store, siteId);
}
