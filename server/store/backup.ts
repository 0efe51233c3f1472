// Backups of the SQLite store: one file holding a consistent online copy of the
// database (SQLite's backup API, so the server keeps taking chunks meanwhile) and the
// secret key that external ids are hashed with. Without that key a restored database
// could no longer find visitors by customer id, so the two travel together, and the
// backup file is as sensitive as both: it is written with mode 0600.
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { codeMigrations, type Db } from './db.ts';
import { migrate, type Migration } from './migrate.ts';

/** Pages done and pages in all, as SQLite's backup reports them. */
export type BackupProgress = (done: number, total: number) => void;

export interface BackupCounts {
  sessions: number;
  visitors: number;
  chunks: number;
  auditRows: number;
}

const META = 'einblick_backup';
const PAGES_PER_STEP = 1024;

function countsOf(db: Db): BackupCounts {
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { sessions: count('sessions'), visitors: count('visitors'), chunks: count('chunks'), auditRows: count('audit') };
}

export async function backupDatabase(db: Db, file: string, secret: Buffer, onProgress: BackupProgress): Promise<BackupCounts> {
  if (existsSync(file)) throw new Error(`${file} exists already; choose a new file name (a backup never overwrites one).`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        onProgress(totalPages - remainingPages, totalPages);
        return PAGES_PER_STEP;
      },
    });
    chmodSync(partial, 0o600);
    const copy = new Database(partial);
    try {
      // A single file: the copy leaves WAL mode, so nothing of it lives in a -wal beside it.
      copy.pragma('journal_mode = DELETE');
      copy.exec(`CREATE TABLE ${META} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      const put = copy.prepare(`INSERT INTO ${META} (key, value) VALUES (?, ?)`);
      put.run('secret', secret.toString('base64'));
      put.run('made_at', new Date().toISOString());
      const counts = countsOf(copy);
      copy.close();
      renameSync(partial, file);
      return counts;
    } finally {
      if (copy.open) copy.close();
    }
  } finally {
    rmSync(partial, { force: true });
  }
}

export interface RestoreTarget {
  dbFile: string;
  secretFile: string;
  /** Replace an existing database (it is kept beside, as *.before-restore). */
  force: boolean;
}

/**
 * Checks a backup (SQLite's integrity check, the backup's own table, a secret of full
 * length, a migration history this code accepts) on a copy, and only then puts it in
 * place. Run it with the server stopped.
 */
export function restoreDatabase(backup: string, target: RestoreTarget, migrations: Migration[] = codeMigrations()): BackupCounts & { secretReplaced: boolean } {
  if (!existsSync(backup)) throw new Error(`${backup} does not exist.`);
  if (existsSync(target.dbFile) && !target.force) {
    throw new Error(`A database exists at ${target.dbFile}. Stop the server, then run restore with --force to replace it (the old one is kept as ${target.dbFile}.before-restore).`);
  }
  const staged = `${target.dbFile}.restoring`;
  copyFileSync(backup, staged);
  chmodSync(staged, 0o600);
  let secret: string;
  let counts: BackupCounts;
  try {
    const db = new Database(staged);
    try {
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') throw new Error(`${backup} is damaged: SQLite's integrity check says ${String(integrity)}.`);
      const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(META);
      if (!hasMeta) throw new Error(`${backup} is not an Einblick backup (made with npx einblick backup).`);
      secret = (db.prepare(`SELECT value FROM ${META} WHERE key = 'secret'`).pluck().get() as string | undefined) ?? '';
      if (Buffer.from(secret, 'base64').length < 32) throw new Error(`${backup} holds no usable secret key.`);
      db.exec(`DROP TABLE ${META}`);
      // Refuses a backup newer than this code or with edited migrations; applies the ones it lacks.
      migrate(db, migrations);
      counts = countsOf(db);
    } finally {
      db.close();
    }
  } catch (err) {
    rmSync(staged, { force: true });
    throw err;
  }
  for (const suffix of ['-wal', '-shm']) rmSync(target.dbFile + suffix, { force: true });
  if (existsSync(target.dbFile)) renameSync(target.dbFile, `${target.dbFile}.before-restore`);
  renameSync(staged, target.dbFile);
  const secretReplaced = existsSync(target.secretFile);
  if (secretReplaced) renameSync(target.secretFile, `${target.secretFile}.before-restore`);
  writeFileSync(target.secretFile, secret + '\n', { mode: 0o600 });
  return { ...counts, secretReplaced };
}
