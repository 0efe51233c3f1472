// Which store a process opens: PostgreSQL when DATABASE_URL is set, else the SQLite file
// in DATA_DIR; with BLOB_STORE_URL, chunk blobs go to object storage, with either.
import { mkdirSync } from 'node:fs';
import type { Config } from '../config.ts';
import type { Store } from './contract.ts';
import { openSqliteStore } from './sqlite-store.ts';
import { loadOrCreateSecret } from '../privacy/secret.ts';
import { s3BlobStore } from './blobs/s3.ts';
import { withExternalBlobs } from './blobs/external-chunks.ts';

export interface OpenedStore {
  store: Store;
  /** The key of the keyed hashes of customer ids (see privacy/secret.ts). */
  secret: Buffer;
}

export async function openConfiguredStore(config: Config): Promise<OpenedStore> {
  const opened = await openRows(config);
  if (!config.blobStore) return opened;
  const blobs = s3BlobStore(config.blobStore);
  try {
    // A bucket that cannot be reached with these credentials is said at start, not at the first chunk.
    await blobs.check();
  } catch (err) {
    await opened.store.close();
    throw err;
  }
  return { ...opened, store: withExternalBlobs(opened.store, blobs) };
}

async function openRows(config: Config): Promise<OpenedStore> {
  if (config.databaseUrl) {
    // Loaded only when asked for: the embedded default never loads the PostgreSQL client.
    const { openPostgresStore } = await import('./postgres/index.ts');
    const store = await openPostgresStore(config.databaseUrl, config.secretKey);
    return { store, secret: store.secret };
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = openSqliteStore(config.dbFile);
  return { store, secret: config.secretKey ?? loadOrCreateSecret(config.secretFile) };
}
