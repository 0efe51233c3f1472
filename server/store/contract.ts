// The store's one contract, which both backends implement: the SQLite modules in this
// folder (synchronous better-sqlite3, wrapped in sqlite-store.ts) and the PostgreSQL ones
// in postgres/. It is written as the SQLite namespaces with every method made async, so
// the two cannot drift apart: a PostgreSQL method with another signature does not compile.
import type { sitesStore } from './sites.ts';
import type { tokensStore } from './tokens.ts';
import type { chunksStore } from './chunks.ts';
import type { sessionsStore } from './sessions.ts';
import type { eraseStore } from './erase.ts';
import type { auditStore } from './audit.ts';
import type { visitorsStore } from './visitors.ts';
import type { heatmapsStore } from './heatmaps.ts';
import type { surveysStore } from './surveys.ts';
import type { leaksStore } from './leaks.ts';
import type { assetsStore } from './assets.ts';
import type { readinessStore } from './readiness.ts';
import type { notesStore } from './notes.ts';
import type { pageRekeyStore } from './page-rekey.ts';
import type { tagsStore } from './tags.ts';
import type { segmentsStore } from './segments.ts';

/** Each method of T, returning a promise of what it returned. */
export type Async<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

type Methods<F extends (...args: never[]) => object> = Omit<ReturnType<F>, never>;

export interface StoreNamespaces {
  sites: Async<Methods<typeof sitesStore>>;
  tokens: Async<Methods<typeof tokensStore>>;
  chunks: Async<Pick<Methods<typeof chunksStore>, 'writeChunks'>>;
  sessions: Async<Methods<typeof sessionsStore>>;
  erasure: Async<Methods<typeof eraseStore>>;
  audit: Async<Methods<typeof auditStore>>;
  visitors: Async<Methods<typeof visitorsStore>>;
  heatmaps: Async<Methods<typeof heatmapsStore>>;
  surveys: Async<Methods<typeof surveysStore>>;
  leaks: Async<Pick<Methods<typeof leaksStore>, 'listLeaks'>>;
  assets: Async<Methods<typeof assetsStore>>;
  readiness: Async<Methods<typeof readinessStore>>;
  notes: Async<Methods<typeof notesStore>>;
  pages: Async<Methods<typeof pageRekeyStore>>;
  tags: Async<Methods<typeof tagsStore>>;
  segments: Async<Methods<typeof segmentsStore>>;
}

export type LiveEvent = 'session' | 'answer';
export type LiveMessage = { event: LiveEvent; site: string; data: unknown };

/**
 * How a new session or answer reaches viewers connected to any node: in-process on SQLite
 * (one process), PostgreSQL LISTEN/NOTIFY with several nodes.
 */
export interface LiveChannel {
  /** True when other processes may listen: then a node publishes even with no viewer of its own. */
  readonly shared: boolean;
  publish(message: LiveMessage): Promise<void>;
  /** Every message published on any node, this one included; returns the unsubscribe. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
}

/** Background work that one node at a time should do, whatever the number of nodes. */
export type Job = 'retention' | 'webhooks' | 'assets';

export interface Leadership {
  /**
   * True while this node is the one that runs `job`: asked before each turn of the job. On
   * SQLite (one process) always true; on PostgreSQL a session advisory lock, which passes
   * to another node when this one dies (its connection ends) at that node's next ask.
   */
  leads(job: Job): Promise<boolean>;
  /**
   * Runs `work` while no other node runs work of the same name: nodes started together
   * make the first-start data (demo site, admin token) once, not once each.
   */
  exclusively<T>(name: 'startup', work: () => Promise<T>): Promise<T>;
}

export interface Store extends StoreNamespaces {
  readonly live: LiveChannel;
  readonly leadership: Leadership;
  /** Which engine holds the rows: what /metrics, readiness and the CLI name. */
  readonly backend: 'sqlite' | 'postgres';
  /** Where the rows are, for messages: a file path, or the database URL without its password. */
  readonly location: string;
  /** True once close() was called: background work stops touching the store. */
  readonly closed: boolean;
  close(): Promise<void>;
}
