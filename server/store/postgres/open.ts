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
  const pg = openPg(url, o);
  try {
    await migratePg(pg, pgCodeMigrations());
    return pg;
  } catch (err) {
    await pg.close().catch(() => {});
    throw err;
  }
}
