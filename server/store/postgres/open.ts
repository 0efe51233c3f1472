// Opens the PostgreSQL pool and brings its schema up to date: what the store does on
// start, as openDatabase does for SQLite.
import { fileURLToPath } from 'node:url';
import { readMigrations, type Migration } from '../migration-files.ts';
import { migratePg } from './migrate.ts';
import { openPg, type Pg } from './db.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** The PostgreSQL migrations this code brings, in order. */
export const pgCodeMigrations = (): Migration[] => readMigrations(MIGRATIONS_DIR);

export async function openMigratedPg(url: string, o: { max?: number } = {}): Promise<Pg> {
  // Migrations on a pool of their own, without the statement timeouts of the server's.
  const migrator = openPg(url, { max: 1, timeouts: false });
  try {
    await migratePg(migrator, pgCodeMigrations());
  } finally {
    await migrator.close().catch(() => {});
  }
  return openPg(url, o);
}
