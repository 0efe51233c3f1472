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
  // Held blobs by session and seq, with the key they were fetched for. Keys name their
  // content (its hash), so a held blob is never stale; and the row is still read fresh on
  // every call, so a chunk erased meanwhile is never served.
  const held = new Map<string, { key: string; at: number; data: Promise<Buffer | null> }>();
  const slot = (id: string, seq: number) => `${id}/${seq}`;
  const fresh = (h: { at: number } | undefined, now: number) => h !== undefined && now - h.at <= heldMs;

  function hold(id: string, seq: number, key: string): void {
    const now = Date.now();
    for (const [k, h] of held) if (!fresh(h, now)) held.delete(k);
    // Map order is insertion order: the first is the oldest.
    while (held.size >= maxHeld) held.delete(held.keys().next().value!);
    const data = blobs.get(key);
    data.catch(() => {}); // its taker sees the error; an untaken one is dropped
    held.set(slot(id, seq), { key, at: now, data });
  }

  function take(id: string, seq: number, key: string): { data: Promise<Buffer | null>; wasHeld: boolean } {
    const h = held.get(slot(id, seq));
    held.delete(slot(id, seq));
    return h && h.key === key && fresh(h, Date.now()) ? { data: h.data, wasHeld: true } : { data: blobs.get(key), wasHeld: false };
  }

  // The last seq read of recent sessions: a read of the next one is a stream worth reading
  // ahead of; a single chunk (a heatmap's snapshot) is not.
  const lastRead = new Map<string, number>();
  function streaming(id: string, seq: number, wasHeld: boolean): boolean {
    const previous = lastRead.get(id);
    lastRead.delete(id);
    if (lastRead.size >= maxHeld) lastRead.delete(lastRead.keys().next().value!);
    lastRead.set(id, seq);
    return wasHeld || previous === seq - 1;
  }

  /** Fetches the next chunks of the session that are not held yet; in steady state one row read per chunk read. */
  async function readAhead(id: string, seq: number): Promise<void> {
    for (let s = seq + 1; s <= seq + ahead; s++) {
      if (fresh(held.get(slot(id, s)), Date.now())) continue;
      const stored = await sessions.chunkData(id, s);
      const key = stored && keyOfMarker(stored);
      if (key && !fresh(held.get(slot(id, s)), Date.now())) hold(id, s, key);
    }
  }

  return {
    async chunkData(id: string, seq: number): Promise<Buffer | null> {
      const stored = await sessions.chunkData(id, seq);
      const key = stored && keyOfMarker(stored);
      if (!key) return stored;
      const { data, wasHeld } = take(id, seq, key);
      if (ahead > 0 && streaming(id, seq, wasHeld)) readAhead(id, seq).catch(() => {}); // a failed read-ahead only costs the wait it would have saved
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
      lastRead.clear();
    },
  };
}
