// Chunk bytes for the readers (replay, export, heatmap backgrounds, asset capture) when
// rows hold only a marker. A replay asks chunk after chunk; each would wait one object
// store round trip, so the next few blobs of the session are fetched while it streams.
import type { StoreNamespaces } from '../contract.ts';
import type { AssetScan } from '../assets.ts';
import type { BlobStore } from './blob-store.ts';
import { keyOfMarker } from './chunk-keys.ts';
import { mapBounded } from './bounded.ts';

export interface ReadOptions {
  /** Chunks fetched ahead of the one asked for. */
  ahead?: number;
  /** Prefetched blobs kept at most (a replay whose client left never takes its own). */
  maxHeld?: number;
  /** A prefetched blob not taken within this is dropped. */
  heldMs?: number;
  /** Asset scans' blobs fetched at once. */
  width?: number;
}

export function blobReads(sessions: StoreNamespaces['sessions'], assets: StoreNamespaces['assets'], blobs: BlobStore, o: ReadOptions = {}) {
  const ahead = o.ahead ?? 4;
  const maxHeld = o.maxHeld ?? 32;
  const heldMs = o.heldMs ?? 15_000;
  // Keys name their content (its hash), so a held blob can never be stale; the row is
  // still read fresh on every call, so a chunk erased meanwhile is never served.
  const held = new Map<string, { at: number; data: Promise<Buffer | null> }>();
  // How far each session was read ahead, so each row is read ahead once.
  const aheadOf = new Map<string, { upTo: number; at: number }>();

  function dropOld(now: number): void {
    for (const [key, h] of held) if (now - h.at > heldMs) held.delete(key);
    for (const [id, a] of aheadOf) if (now - a.at > heldMs) aheadOf.delete(id);
  }

  function prefetch(key: string): void {
    if (held.has(key)) return;
    // Map order is insertion order: the first is the oldest.
    while (held.size >= maxHeld) held.delete(held.keys().next().value!);
    const data = blobs.get(key);
    data.catch(() => {}); // its taker sees the error; an untaken one is dropped
    held.set(key, { at: Date.now(), data });
  }

  function take(key: string): Promise<Buffer | null> {
    const h = held.get(key);
    held.delete(key);
    return h && Date.now() - h.at <= heldMs ? h.data : blobs.get(key);
  }

  async function readAhead(id: string, seq: number): Promise<void> {
    const now = Date.now();
    dropOld(now);
    const state = aheadOf.get(id);
    const from = Math.max(seq + 1, state && now - state.at <= heldMs ? state.upTo + 1 : 0);
    const to = seq + ahead;
    if (from > to) return;
    aheadOf.set(id, { upTo: to, at: now });
    for (let s = from; s <= to; s++) {
      const stored = await sessions.chunkData(id, s);
      const key = stored && keyOfMarker(stored);
      if (key) prefetch(key);
    }
  }

  return {
    async chunkData(id: string, seq: number): Promise<Buffer | null> {
      const stored = await sessions.chunkData(id, seq);
      const key = stored && keyOfMarker(stored);
      if (!key) return stored;
      const data = take(key);
      if (ahead > 0) readAhead(id, seq).catch(() => {}); // a failed read-ahead only costs the wait it would have saved
      // A row whose blob is gone reads as a missing chunk, as a row erased while streaming does.
      return data;
    },

    async nextAssetScans(limit: number): Promise<AssetScan[]> {
      const scans = await assets.nextAssetScans(limit);
      return mapBounded(scans, o.width ?? 8, async (scan) => {
        const key = scan.data && keyOfMarker(scan.data);
        return key ? { ...scan, data: await blobs.get(key) } : scan;
      });
    },

    /** After an erasure: nothing read ahead for an erased session stays in memory. */
    forget(): void {
      held.clear();
      aheadOf.clear();
    },
  };
}
