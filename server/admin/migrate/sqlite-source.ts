// The SQLite install a migration reads: opened read-only (it is never changed, whatever
// happens to the copy), in one read transaction, so every count and row comes from the
// same moment even if a server were still writing.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import type { PgTable } from './pg-tables.ts';

export interface SqliteSource {
  db: Database.Database;
  /** The key the install hashed customer ids with. */
  secret: Buffer;
  count(table: string): number;
  /** Whether SQLite keeps the table's rows by rowid (not WITHOUT ROWID). */
  hasRowid(table: string): boolean;
  close(): void;
}

// What `npx einblick backup` adds to its copy (store/backup.ts): the secret key travels inside.
const BACKUP_META = 'einblick_backup';
// SQLite's own bookkeeping and ours: no rows of the product.
const NOT_COPIED = /^(sqlite_.*|schema_migrations|einblick_backup)$/;

/**
 * Opens `file` read-only. The secret comes from `secretFile` (an install's secret.key)
 * or, for a backup file, from the backup itself.
 */
export function openSqliteSource(file: string, secretFile: string | null): SqliteSource {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // Integers as bigint: a 64-bit value (SQLite's random()) must not lose digits on the way.
    db.defaultSafeIntegers(true);
    db.exec('BEGIN');
    const isBackup = Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(BACKUP_META));
    const secret = isBackup ? backupSecret(db, file) : fileSecret(secretFile);
    return {
      db,
      secret,
      count: (table) => Number(db.prepare(`SELECT count(*) FROM ${ident(table)}`).pluck().get()),
      // Asked of SQLite itself: a WITHOUT ROWID table has no column of that name to prepare.
      hasRowid: (table) => {
        try {
          db.prepare(`SELECT rowid FROM ${ident(table)} LIMIT 0`);
          return true;
        } catch {
          return false;
        }
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

function backupSecret(db: Database.Database, file: string): Buffer {
  const value = db.prepare(`SELECT value FROM ${BACKUP_META} WHERE key = 'secret'`).pluck().get() as string | undefined;
  const secret = Buffer.from(value ?? '', 'base64');
  if (secret.length < 32) throw new Error(`${file} holds no usable secret key.`);
  return secret;
}

function fileSecret(secretFile: string | null): Buffer {
  // Never made here (loadOrCreateSecret would): a new key would not match the stored hashes.
  if (!secretFile || !existsSync(secretFile)) throw new Error(`there is no secret key at ${secretFile ?? '(none given)'}: the install's secret.key must lie beside its database.`);
  const secret = Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'base64');
  if (secret.length < 32) throw new Error(`${secretFile} holds a secret shorter than 32 bytes; restore the original file.`);
  return secret;
}

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Why the two schemas cannot be copied one onto the other, or null. Checked before any
 * row moves: a SQLite table or column PostgreSQL lacks would be lost without a word, one
 * PostgreSQL has and SQLite lacks means the install is of another version.
 */
export function schemaDifference(source: SqliteSource, tables: PgTable[]): string | null {
  const pg = new Map(tables.map((t) => [t.name, t]));
  const sqliteTables = (source.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]).filter((n) => !NOT_COPIED.test(n));
  const problems: string[] = [];
  for (const name of sqliteTables) if (!pg.has(name)) problems.push(`table ${name} is in SQLite only`);
  for (const t of tables) {
    if (!sqliteTables.includes(t.name)) {
      problems.push(`table ${t.name} is in PostgreSQL only`);
      continue;
    }
    const sqliteCols = (source.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t.name) as string[]);
    for (const c of sqliteCols) if (!t.columns.includes(c)) problems.push(`column ${t.name}.${c} is in SQLite only`);
    for (const c of t.columns) if (c !== 'rowid' && !sqliteCols.includes(c)) problems.push(`column ${t.name}.${c} is in PostgreSQL only`);
    if (t.columns.includes('rowid') && !source.hasRowid(t.name)) problems.push(`table ${t.name} has no rowid in SQLite`);
  }
  return problems.length ? problems.join('; ') : null;
}
