// The embedded default: every namespace of the store on one SQLite file (better-sqlite3).
// Its statements are synchronous, so each method is only wrapped to answer a promise, as
// the contract (contract.ts) asks of both backends; a call still runs to its end before
// anything else does, which keeps every SQLite transaction as short as it was.
import { openDatabase, type Db } from './db.ts';
import { sitesStore } from './sites.ts';
import { tokensStore } from './tokens.ts';
import { chunksStore, type ChunkOutcome, type ChunkWrite } from './chunks.ts';
import { sessionsStore } from './sessions.ts';
import { eraseStore } from './erase.ts';
import { auditStore } from './audit.ts';
import { visitorsStore } from './visitors.ts';
import { heatmapsStore } from './heatmaps.ts';
import { surveysStore } from './surveys.ts';
import { heatmapHoursStore } from './heatmap-hours.ts';
import { leaksStore } from './leaks.ts';
import { walSync } from './wal-sync.ts';
import { assetsStore } from './assets.ts';
import { readinessStore } from './readiness.ts';
import { notesStore } from './notes.ts';
import { pageRekeyStore } from './page-rekey.ts';
import { tagsStore } from './tags.ts';
import { segmentsStore } from './segments.ts';
import type { Async, Store } from './contract.ts';
import { localLiveChannel } from './live-channel.ts';

/** The SQLite store keeps its database handle: the backup CLI and store-level tests use it. */
export interface SqliteStore extends Store {
  readonly backend: 'sqlite';
  readonly db: Db;
}

/**
 * A chunk batch was committed but its sync to disk failed: it is not safe, and after a
 * failed fsync no later one can be trusted either (see ingest/group-commit.ts).
 */
export class NotDurableError extends Error {
  override name = 'NotDurableError';
}

function promised<T extends object>(namespace: T): Async<T> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(namespace)) {
    if (typeof fn === 'function') out[name] = async (...args: unknown[]) => (fn as (...a: unknown[]) => unknown).apply(namespace, args);
  }
  return out as Async<T>;
}

export function createSqliteStore(db: Db): SqliteStore {
  const hours = heatmapHoursStore(db);
  const chunks = chunksStore(db, hours);
  // Group syncs of the WAL for ingest (wal-sync.ts). An in-memory database has no file to sync,
  // and where WAL mode could not be set (some network file systems) there is no WAL file:
  // then every commit syncs itself (synchronous = FULL).
  const wal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal' ? walSync(`${db.name}-wal`) : null;
  let closed = false;
  return {
    backend: 'sqlite',
    location: db.name,
    db,
    live: localLiveChannel(),
    leadership: { leads: async () => true, exclusively: (_name, work) => work() },
    get closed() {
      return closed || !db.open;
    },
    sites: promised(sitesStore(db)),
    tokens: promised(tokensStore(db)),
    chunks: {
      // Committed with synchronous = NORMAL, then the WAL is synced on the thread pool: the
      // event loop serves other requests while the disk works, and the promise resolves only
      // once the batch would survive a power loss.
      async writeChunks(ws: ChunkWrite[]): Promise<ChunkOutcome[]> {
        if (!wal) return chunks.writeChunks(ws);
        const outcomes = chunks.writeChunksUnsynced(ws);
        await wal.synced().catch((err: unknown) => {
          throw new NotDurableError((err as NodeJS.ErrnoException).code ?? String(err));
        });
        return outcomes;
      },
    },
    sessions: promised(sessionsStore(db)),
    erasure: promised(eraseStore(db, hours)),
    audit: promised(auditStore(db)),
    visitors: promised(visitorsStore(db)),
    heatmaps: promised(heatmapsStore(db, hours)),
    surveys: promised(surveysStore(db)),
    leaks: promised({ listLeaks: leaksStore(db).listLeaks }),
    assets: promised(assetsStore(db)),
    readiness: promised(readinessStore(db)),
    notes: promised(notesStore(db)),
    pages: promised(pageRekeyStore(db, hours)),
    tags: promised(tagsStore(db)),
    segments: promised(segmentsStore(db)),
    async close() {
      if (closed) return;
      closed = true;
      wal?.close();
      db.close();
    },
  };
}

export function openSqliteStore(file: string): SqliteStore {
  return createSqliteStore(openDatabase(file));
}
