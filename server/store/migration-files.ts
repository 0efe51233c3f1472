// What both backends' migration runners share: the migration files a backend brings,
// read with their checksums, and the check that a database's recorded history matches
// them. Pure: no database here, so server/store/migrate.ts (SQLite) and
// server/store/postgres/migrate.ts apply the same rules and name files the same way.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

export interface Migration {
  /** The file name, e.g. `015_visitor_tombstones.sql`: what an error names. */
  name: string;
  version: number;
  sql: string;
  checksum: string;
}

/** A row of schema_migrations: what a database says was applied. */
export interface Applied {
  version: number;
  name: string;
  checksum: string;
}

/** A database this code must not run on; the message says which migration and why. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

const FILE = /^(\d{3})_[\w-]+\.sql$/;

export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => FILE.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(dir + name, 'utf8');
      return { name, version: Number(name.slice(0, 3)), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (before?.version === m.version) throw new MigrationError(`Two migrations share number ${m.version}: ${before.name} and ${m.name}. Renumber the newer one.`);
  });
  return migrations;
}

/** Throws, naming the file, when the recorded history is not a prefix-compatible subset of the code's migrations. */
export function refuseDrift(applied: Applied[], migrations: Migration[]): void {
  const known = new Map(migrations.map((m) => [m.version, m]));
  const newest = migrations.at(-1)?.version ?? 0;
  for (const a of applied) {
    const m = known.get(a.version);
    if (!m && a.version > newest) {
      throw new MigrationError(`The database is newer than this code: it has migration ${a.name}, and this code knows none after ${migrations.at(-1)?.name ?? 'nothing'}. Run a newer Einblick, or restore a backup made before the upgrade.`);
    }
    if (!m) {
      throw new MigrationError(`The database has migration ${a.name}, which this code does not know (was it renamed or removed?). Restore the file, or a backup made before it was applied.`);
    }
    if (m.name !== a.name || m.checksum !== a.checksum) {
      throw new MigrationError(`Migration ${m.name} was edited after it was applied (applied as ${a.name}, checksum ${a.checksum.slice(0, 12)}…, file now ${m.checksum.slice(0, 12)}…). Applied migrations are never edited: restore its text and put the change in a new migration.`);
    }
  }
}

/** The error a runner throws when a migration's SQL failed and its transaction was rolled back. */
export function failedMigration(m: Migration, err: unknown): MigrationError {
  return new MigrationError(`Migration ${m.name} failed and was rolled back: ${(err as Error).message}`);
}
