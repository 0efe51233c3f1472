// Everything the database holds, as a searchable string: the raw bytes of the SQLite
// file and its WAL, plus every stored chunk decompressed. A secret absent from this is
// absent from the store.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { TestServer } from './server.ts';

export function storedText(server: TestServer): string {
  const file = server.store.db.name;
  const raw = [file, file + '-wal'].filter(existsSync).map((f) => readFileSync(f).toString('latin1'));
  const chunks = (server.store.db.prepare('SELECT data FROM chunks').all() as { data: Buffer }[]).map((r) => gunzipSync(r.data).toString('utf8'));
  return [...raw, ...chunks].join('\n');
}
