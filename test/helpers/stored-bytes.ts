// Everything the database holds, as a searchable string: the raw bytes of the SQLite
// file and its WAL, plus every stored chunk decompressed. A secret absent from this is
// absent from the store.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { TestServer } from './server.ts';
import { sqliteDb } from './sqlite-db.ts';

export function storedText(server: TestServer): string {
  const db = sqliteDb(server.store);
  const file = db.name;
  const raw = [file, file + '-wal'].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
  const chunks = (db.prepare('SELECT data FROM chunks').all() as { data: Buffer }[]).map((r) => gunzipSync(r.data).toString('utf8'));
  return [...raw, ...chunks].join('\n');
}
