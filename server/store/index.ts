// The store: the only part of the server that speaks SQL. Statements are prepared once here.
import { openDatabase, type Db } from './db.ts';
import { sitesStore } from './sites.ts';
import { tokensStore } from './tokens.ts';
import { chunksStore } from './chunks.ts';
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

export function createStore(db: Db) {
  const hours = heatmapHoursStore(db);
  // Group syncs of the WAL for ingest (wal-sync.ts). An in-memory database has no file to sync,
  // and where WAL mode could not be set (some network file systems) there is no WAL file:
  // then every commit syncs itself (synchronous = FULL).
  const wal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal' ? walSync(`${db.name}-wal`) : null;
  return {
    db,
    sites: sitesStore(db),
    tokens: tokensStore(db),
    chunks: chunksStore(db, hours),
    sessions: sessionsStore(db),
    erasure: eraseStore(db, hours),
    audit: auditStore(db),
    visitors: visitorsStore(db),
    heatmaps: heatmapsStore(db, hours),
    surveys: surveysStore(db),
    leaks: { listLeaks: leaksStore(db).listLeaks },
    assets: assetsStore(db),
    readiness: readinessStore(db),
    notes: notesStore(db),
    pages: pageRekeyStore(db, hours),
    tags: tagsStore(db),
    segments: segmentsStore(db),
    walSync: wal,
    close: () => {
      wal?.close();
      db.close();
    },
  };
}

export type Store = ReturnType<typeof createStore>;

export function openStore(file: string): Store {
  return createStore(openDatabase(file));
}
