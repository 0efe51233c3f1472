// Store-level tests look at the SQLite file's rows directly (what an attacker with the
// file would see); the store contract hides the database, so this is their one way in.
import type { Db } from '../../server/store/db.ts';
import type { Store } from '../../server/store/index.ts';

export function sqliteDb(store: Store): Db {
  if (store.backend !== 'sqlite' || !('db' in store)) throw new Error(`this test reads SQLite rows; the store is on ${store.backend}`);
  return (store as Store & { db: Db }).db;
}
