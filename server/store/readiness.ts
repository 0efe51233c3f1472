// What /readyz asks the database: is its schema the code's, and does it answer at all?
import type { Db } from './db.ts';
import { codeMigrations } from './db.ts';

export function readinessStore(db: Db) {
  // The code's migrations are read once: they cannot change under a running process.
  const expected = codeMigrations().map((m) => m.version);
  const applied = db.prepare<[], number>('SELECT version FROM schema_migrations').pluck();
  const ping = db.prepare('SELECT 1').pluck();
  return {
    /** Every migration of this code is recorded as applied. */
    migrationsApplied(): boolean {
      const done = new Set(applied.all());
      return expected.every((v) => done.has(v));
    },
    /** A trivial query runs; false when the connection is closed or the file is gone bad. */
    answers(): boolean {
      return ping.get() === 1;
    },
  };
}
