// Which database a command opens. The server makes ./data where it is started; a command
// run from another directory would otherwise make a second, empty database there and
// act on it (a token that works nowhere, an erasure that erased nothing) without a word.
// So the path is said aloud when it was not configured, and a missing database is made
// only when asked: with --create, or by naming DATA_DIR (automation sets it before the
// first start; the new file is then announced, so a mistyped DATA_DIR is seen at once).
import { existsSync } from 'node:fs';
import type { Config } from '../config.ts';

export type StoreCheck = { ok: true; notice: string | null } | { ok: false; message: string };

export function checkStoreLocation(config: Config, o: { dataDirSet: boolean; create: boolean }): StoreCheck {
  const where = o.dataDirSet ? `DATA_DIR is ${config.dataDir}` : `DATA_DIR is not set, so ./data from ${process.cwd()}`;
  const notice = o.dataDirSet ? null : `einblick: using the database ${config.dbFile} (${where})`;
  if (existsSync(config.dbFile)) return { ok: true, notice };
  if (o.dataDirSet) return { ok: true, notice: `einblick: creating a new database at ${config.dbFile} (${where})` };
  if (o.create) return { ok: true, notice };
  return { ok: false, message: `einblick: there is no database at ${config.dbFile} (${where}). Set DATA_DIR to the server's data directory, or add --create to start a new, empty one.` };
}
