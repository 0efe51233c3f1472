// Erasure and retention with chunk blobs in an object store: the rows go as they always
// did, and every blob under the erased visitors' or sessions' key prefixes goes too.
//
// The prefixes are deleted before the rows and again after them. Before: if the object
// store fails, the erasure fails with the rows still there, so the same erasure can run
// again and find them. After: a chunk stored between the first deletion and the rows'
// erasure is caught too. A chunk refused by the erasure's tombstone deletes its own blob
// (external-chunks.ts).
import type { Store, StoreNamespaces } from '../contract.ts';
import type { ErasureCounts, RevokeOptions } from '../erase.ts';
import type { ListCursor } from '../sessions.ts';
import type { BlobStore } from './blob-store.ts';
import { sessionPrefix, visitorPrefix } from './chunk-keys.ts';
import { eachBounded, mapBounded } from './bounded.ts';

const WIDTH = 8;
const PAGE = 1000;

export class BlobErasureError extends Error {
  override name = 'BlobErasureError';
}

export function blobErasure(store: Store, blobs: BlobStore, forget: () => void): StoreNamespaces['erasure'] {
  const inner = store.erasure;

  async function deleteAll(prefixes: readonly string[], after: boolean): Promise<void> {
    try {
      await eachBounded([...new Set(prefixes)], WIDTH, async (p) => void (await blobs.deletePrefix(p)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new BlobErasureError(after
        ? `the rows were erased, but not every blob of them could be deleted from ${blobs.location}: ${message}`
        : `nothing was erased: the blobs in ${blobs.location} could not be deleted: ${message}`);
    }
  }

  async function erasing(prefixes: readonly string[], erase: () => Promise<ErasureCounts>, afterwards: () => Promise<readonly string[]> = async () => prefixes): Promise<ErasureCounts> {
    await deleteAll(prefixes, false);
    const counts = await erase();
    forget();
    await deleteAll(await afterwards(), true);
    return counts;
  }

  /** The session's blob prefix, or null when no session has this id. */
  async function prefixOfSession(id: string): Promise<string | null> {
    const summary = await store.sessions.sessionSummary(id);
    const site = summary && (await store.sites.siteByKey(summary.site));
    return summary && site ? sessionPrefix(site.id, summary.visitor, id) : null;
  }

  /** Every site's id: a visitor's blobs may sit on a site where no row of theirs was written yet. */
  async function siteIds(): Promise<number[]> {
    const sites = await mapBounded(await store.sites.listSites(), WIDTH, (s) => store.sites.siteByKey(s.key));
    return sites.flatMap((s) => (s ? [s.id] : []));
  }

  /** The site's sessions that started before `cutoff`: every one retention may expire (expiry goes by last activity). */
  async function startedBefore(siteId: number, cutoff: number): Promise<{ id: string; visitor: string; lastAt: number }[]> {
    const found: { id: string; visitor: string; lastAt: number }[] = [];
    let after: ListCursor | undefined;
    do {
      const page = await store.sessions.listSessions({ siteId, to: cutoff, limit: PAGE, sort: '-startedAt', ...(after ? { after } : {}) });
      for (const s of page.sessions) found.push({ id: s.id, visitor: s.visitor, lastAt: s.startedAt + s.duration });
      after = page.next ?? undefined;
    } while (after);
    return found;
  }

  return {
    async eraseSession(id: string): Promise<ErasureCounts> {
      const prefix = await prefixOfSession(id);
      return erasing(prefix ? [prefix] : [], () => inner.eraseSession(id));
    },

    async eraseVisitor(siteId: number, visitor: string, o?: RevokeOptions): Promise<ErasureCounts> {
      return erasing([visitorPrefix(siteId, visitor)], () => inner.eraseVisitor(siteId, visitor, o));
    },

    async eraseVisitorEverywhere(visitor: string): Promise<ErasureCounts> {
      const prefixes = (await siteIds()).map((siteId) => visitorPrefix(siteId, visitor));
      return erasing(prefixes, () => inner.eraseVisitorEverywhere(visitor));
    },

    async expireBefore(siteId: number, cutoff: number): Promise<ErasureCounts> {
      const candidates = await startedBefore(siteId, cutoff);
      const prefixOf = (s: { id: string; visitor: string }) => sessionPrefix(siteId, s.visitor, s.id);
      // Before: only those already past the cutoff; after: those whose rows are gone.
      return erasing(candidates.filter((s) => s.lastAt < cutoff).map(prefixOf), () => inner.expireBefore(siteId, cutoff), async () => {
        const gone = await mapBounded(candidates, WIDTH, async (s) => ((await store.sessions.sessionSummary(s.id)) ? null : prefixOf(s)));
        return gone.filter((p): p is string => p !== null);
      });
    },
  };
}
