// Chunk bytes in an object store, rows in the database (SQLite or PostgreSQL alike): a
// decorator over the store contract. Writes put every blob first and then the rows, which
// hold a marker naming the blob; reads follow the marker; erasures delete the blobs too.
//
// A chunk is acknowledged once both are durable: its blob's put answered 200 (S3 stores
// durably before it answers) and its rows' write resolved (the store's own promise).
import type { Store } from '../contract.ts';
import type { ChunkOutcome, ChunkWrite } from '../chunks.ts';
import type { BlobStore } from './blob-store.ts';
import { chunkKey, keyOfMarker, markerOf } from './chunk-keys.ts';
import { eachBounded } from './bounded.ts';
import { blobReads, type ReadOptions } from './blob-reads.ts';
import { blobErasure } from './blob-erasure.ts';

/** Puts of one batch at once. */
const PUT_WIDTH = 16;

/** The namespace's methods bound to it, some replaced: for plain objects and class instances alike. */
function replacing<T extends object>(ns: T, replaced: Partial<T>): T {
  const out: Record<string, unknown> = {};
  for (let o: object | null = ns; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      const value: unknown = (ns as Record<string, unknown>)[name];
      if (name !== 'constructor' && !(name in out) && typeof value === 'function') out[name] = (value as (...a: unknown[]) => unknown).bind(ns);
    }
  }
  return { ...out, ...replaced } as T;
}

export function withExternalBlobs(store: Store, blobs: BlobStore, o: { reads?: ReadOptions } = {}): Store {
  const reads = blobReads(store.sessions, store.assets, blobs, o.reads);
  let blobsDown = false;

  /**
   * Deletes the blobs this batch put that no row names: those of chunks refused (erased,
   * conflicting, foreign). A duplicate's row may name the same key (a retry) or another
   * (the same bytes sent as another visitor): its row is asked.
   */
  async function dropUnnamed(ws: ChunkWrite[], keys: string[], outcomes: ChunkOutcome[]): Promise<void> {
    const named = new Set<string>();
    const maybe = new Set<string>();
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome === 'stored' || outcome === 'started') named.add(keys[i]!);
      else if (outcome === 'duplicate') {
        const row = await store.sessions.chunkData(ws[i]!.chunk.session, ws[i]!.chunk.seq);
        if (row && keyOfMarker(row) === keys[i]) named.add(keys[i]!);
        else maybe.add(keys[i]!);
      } else maybe.add(keys[i]!);
    }
    const unnamed = [...maybe].filter((k) => !named.has(k));
    if (!unnamed.length) return;
    // The chunks' answers stand: a leftover blob holds nothing any row names, and an
    // erasure of its visitor deletes it with their prefix.
    await blobs.deleteKeys(unnamed).catch((err: unknown) => {
      console.error(`could not delete ${unnamed.length} blob(s) of refused chunks:`, err instanceof Error ? err.message : String(err));
    });
  }

  const decorated: Store = {
    get backend() {
      return store.backend;
    },
    get location() {
      return store.location;
    },
    get closed() {
      return store.closed;
    },
    close: () => store.close(),
    get live() {
      return store.live;
    },
    get leadership() {
      return store.leadership;
    },
    sites: store.sites,
    tokens: store.tokens,
    chunks: {
      async writeChunks(ws: ChunkWrite[]): Promise<ChunkOutcome[]> {
        const keys = ws.map(chunkKey);
        // Every blob is stored before any row names it. A failed put fails the batch (its
        // chunks are sent again; puts of the same key and bytes are idempotent).
        await eachBounded(ws, PUT_WIDTH, (w, i) => blobs.put(keys[i]!, w.data));
        const outcomes = await store.chunks.writeChunks(ws.map((w, i) => ({ ...w, data: markerOf(keys[i]!) })));
        await dropUnnamed(ws, keys, outcomes);
        return outcomes;
      },
    },
    sessions: replacing(store.sessions, { chunkData: reads.chunkData }),
    erasure: blobErasure(store, blobs, reads.forget),
    audit: store.audit,
    visitors: store.visitors,
    heatmaps: store.heatmaps,
    surveys: store.surveys,
    leaks: store.leaks,
    assets: replacing(store.assets, { nextAssetScans: reads.nextAssetScans }),
    readiness: replacing(store.readiness, {
      // Ready only while the bucket answers too: without it no chunk can be stored.
      async answers(): Promise<boolean> {
        if (!(await store.readiness.answers())) return false;
        try {
          await blobs.check();
          if (blobsDown) console.error(`blob store ${blobs.location} answers again`);
          blobsDown = false;
          return true;
        } catch (err) {
          if (!blobsDown) console.error(`blob store ${blobs.location} does not answer:`, err instanceof Error ? err.message : String(err));
          blobsDown = true;
          return false;
        }
      },
    }),
    notes: store.notes,
    pages: store.pages,
    tags: store.tags,
    segments: store.segments,
  };
  // What a backend has beyond the contract (SQLite's `db`, for the backup CLI and store
  // tests) stays reachable through the prototype; getters are copied as getters.
  return Object.defineProperties(Object.create(store) as Store, Object.getOwnPropertyDescriptors(decorated));
}
