// The store's namespaces on each backend, for tests that run the same steps on both and
// expect the same answers: SQLite in memory, and PostgreSQL in a fresh database of its
// own (copied from one migrated template, so each test starts empty and fast).
import type Database from 'better-sqlite3';
import { openDatabase } from '../../server/store/db.ts';
import { createStore } from '../../server/store/index.ts';
import { leaksStore, type LeakCount } from '../../server/store/leaks.ts';
import type { StoreNamespaces } from '../../server/store/contract.ts';
import { openPg, type Pg } from '../../server/store/postgres/db.ts';
import { openMigratedPg } from '../../server/store/postgres/open.ts';
import { pgSitesStore } from '../../server/store/postgres/sites.ts';
import { pgTokensStore } from '../../server/store/postgres/tokens.ts';
import { pgAuditStore } from '../../server/store/postgres/audit.ts';
import { pgVisitorsStore } from '../../server/store/postgres/visitors.ts';
import { pgReadinessStore } from '../../server/store/postgres/readiness.ts';
import { pgNotesStore } from '../../server/store/postgres/notes.ts';
import { pgTagsStore } from '../../server/store/postgres/tags.ts';
import { pgSegmentsStore } from '../../server/store/postgres/segments.ts';
import { countLeaks, pgLeaksStore } from '../../server/store/postgres/leaks.ts';
import { freshPgDatabase, pgSkipReason, type FreshDatabase } from './postgres.ts';

/** A namespace whose methods answer directly (SQLite) or by promise (PostgreSQL): `await` both. */
type EitherWay<T> = { [K in keyof T]: T[K] extends (...a: infer A) => Promise<infer R> ? (...a: A) => R | Promise<R> : never };

type Small = 'sites' | 'tokens' | 'audit' | 'visitors' | 'readiness' | 'notes' | 'tags' | 'segments' | 'leaks';

export type World = { [K in Small]: EitherWay<StoreNamespaces[K]> } & {
  /** One statement with `?` placeholders, for setting up rows no namespace here writes. */
  exec(sql: string, ...params: unknown[]): Promise<void>;
  /** Rows of one query with `?` placeholders, for checking what no namespace here reads. */
  all<R>(sql: string, ...params: unknown[]): Promise<R[]>;
  countLeaks(c: LeakCount): Promise<void>;
  close(): Promise<void>;
};

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why this backend's tests are skipped here, if they are. */
  skip?: string;
  open(): Promise<World>;
}

function sqliteWorld(): World {
  const db: Database.Database = openDatabase(':memory:');
  const store = createStore(db);
  const leaks = leaksStore(db);
  return {
    ...store,
    exec: async (sql, ...params) => void db.prepare(sql).run(...params),
    all: async <R>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as R[],
    countLeaks: async (c) => leaks.countLeaks(c),
    close: async () => store.close(),
  };
}

/** `?` placeholders as PostgreSQL's `$1..$n`. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

let template: Promise<string> | undefined;
const databases: FreshDatabase[] = [];

async function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    // A language locale: text must still compare by bytes, as in SQLite (the schema's COLLATE "C").
    const db = await freshPgDatabase('pgcore_template', { icuLocale: 'en' });
    databases.push(db);
    const pg = await openMigratedPg(db.url);
    await pg.close();
    return db.name;
  })();
  return template;
}

/** The PostgreSQL namespaces on `pg`, as the lead's store will assemble them. */
export function pgNamespaces(pg: Pg) {
  return {
    sites: pgSitesStore(pg),
    tokens: pgTokensStore(pg),
    audit: pgAuditStore(pg),
    visitors: pgVisitorsStore(pg),
    readiness: pgReadinessStore(pg),
    notes: pgNotesStore(pg),
    tags: pgTagsStore(pg),
    segments: pgSegmentsStore(pg),
    leaks: pgLeaksStore(pg),
  };
}

export interface PgWorld extends World {
  pg: Pg;
  url: string;
}

export async function pgWorld(): Promise<PgWorld> {
  const db = await freshPgDatabase('pgcore_store', { template: await migratedTemplate() });
  databases.push(db);
  const pg = openPg(db.url);
  return {
    ...pgNamespaces(pg),
    pg,
    url: db.url,
    exec: async (sql, ...params) => void (await pg.run(numbered(sql), params)),
    all: async <R>(sql: string, ...params: unknown[]) => (await pg.rows(numbered(sql), params)) as R[],
    countLeaks: (c) => countLeaks(c, pg.pool),
    close: async () => {
      await pg.close();
      await db.drop();
      databases.splice(databases.indexOf(db), 1);
    },
  };
}

/** Drops the template (and any database a failed test left): call in `after`. */
export async function dropPgDatabases(): Promise<void> {
  for (const db of databases.splice(0)) await db.drop().catch(() => {});
  template = undefined;
}

export async function storeBackends(): Promise<Backend[]> {
  const skip = await pgSkipReason();
  return [
    { name: 'sqlite', open: async () => sqliteWorld() },
    { name: 'postgres', skip, open: pgWorld },
  ];
}
