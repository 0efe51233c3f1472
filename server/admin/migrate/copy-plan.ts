// Which columns go from which SQLite table to which PostgreSQL table, checked before any
// row moves. The install must be of this version (its migrations all applied), so the two
// schemas are the same but for what PostgreSQL adds for several nodes (claims of a queue
// row, say): nullable or defaulted columns, filled by their default.
import type Database from 'better-sqlite3';
import { codeMigrations } from '../../store/db.ts';
import { refuseDrift, type Applied } from '../../store/migration-files.ts';
import type { PgTable } from './pg-tables.ts';

// SQLite's own bookkeeping and ours (the migration history, a backup's key): no rows of the product.
const NOT_COPIED = /^(sqlite_.*|schema_migrations|einblick_backup)$/;

/** Why the install is not of this code's schema version, or null. */
export function versionProblem(db: Database.Database): string | null {
  const recorded = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!recorded) return 'its migrations are not recorded';
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as Applied[];
  const missing = codeMigrations().filter((m) => !applied.some((a) => Number(a.version) === m.version));
  try {
    refuseDrift(applied.map((a) => ({ ...a, version: Number(a.version) })), codeMigrations());
  } catch (err) {
    return (err as Error).message;
  }
  return missing.length ? `its schema lacks migration ${missing.map((m) => m.name).join(', ')}` : null;
}

/**
 * The tables to copy with the columns to write, or what stands in the way: a SQLite
 * table or column PostgreSQL lacks would be lost without a word.
 */
export function copyPlan(db: Database.Database, tables: PgTable[]): { tables: PgTable[]; problems: string[] } {
  const pg = new Map(tables.map((t) => [t.name, t]));
  const sqliteTables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter((n) => !NOT_COPIED.test(n));
  const problems: string[] = [];
  const plan: PgTable[] = [];
  for (const name of sqliteTables) if (!pg.has(name)) problems.push(`table ${name} is in SQLite only`);
  // In the target's order (parents first); a table only PostgreSQL has is its own, left empty.
  for (const t of tables) {
    if (!sqliteTables.includes(t.name)) continue;
    const sqliteCols = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t.name) as string[];
    for (const c of sqliteCols) if (!t.columns.includes(c)) problems.push(`column ${t.name}.${c} is in SQLite only`);
    // `rowid` columns take SQLite's implicit row number, which every rowid table has.
    const columns = t.columns.filter((c) => sqliteCols.includes(c) || c === 'rowid');
    for (const c of t.required) if (!columns.includes(c)) problems.push(`column ${t.name}.${c} is in PostgreSQL only and needs a value`);
    plan.push({ ...t, columns });
  }
  return { tables: plan, problems };
}
