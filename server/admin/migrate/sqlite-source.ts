// The SQLite install a migration reads: opened read-only (it is never changed, whatever
// happens to the copy), in one read transaction, so every count and row comes from the
// same moment even if a server were still writing.
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';

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
