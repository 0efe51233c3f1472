// Opens the one SQLite file and brings its schema up to date.
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { migrate, readMigrations } from './migrate.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The migrations this code brings, in order. */
export const codeMigrations = () => readMigrations(MIGRATIONS_DIR);

export function openDatabase(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a chunk we acknowledged survives a power loss too, not only a crash.
  db.pragma('synchronous = FULL');
  // Erased rows are overwritten with zeros, so "erase" means the bytes are gone.
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MB of page cache (the default is 2 MB): a heatmap's sampled points are random
  // row lookups, which then come from memory instead of one read each.
  db.pragma('cache_size = -32768');
  migrate(db, codeMigrations());
  return db;
}

/** Moves the WAL into the main file and truncates it, so erased bytes leave the WAL too. */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
