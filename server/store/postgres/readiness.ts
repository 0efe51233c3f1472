// What /readyz asks PostgreSQL: does it answer, and is its schema the code's? Another node
// may have migrated the database further meanwhile; that still counts as current here
// only if every migration this code brings is recorded.
import type { Pg } from './db.ts';
import { pgCodeMigrations } from './open.ts';
import type { StoreNamespaces } from '../contract.ts';

export function pgReadinessStore(pg: Pg) {
  // The code's migrations are read once: they cannot change under a running process.
  const expected = pgCodeMigrations().map((m) => m.version);
  return {
    /** Every migration of this code is recorded as applied. */
    async migrationsApplied(): Promise<boolean> {
      const done = new Set((await pg.rows<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
      return expected.every((v) => done.has(v));
    },
    /** A trivial query runs; false when the database does not answer (it throws on a closed pool, as SQLite's does on a closed file). */
    async answers(): Promise<boolean> {
      return (await pg.row<{ one: number }>('SELECT 1 AS one'))?.one === 1;
    },
  } satisfies StoreNamespaces['readiness'];
}
