// In-process servers on either backend for the backends bench: SQLite in a temp
// directory (the default), or PostgreSQL (a database of its own) with chunk blobs in an
// S3 bucket: the tests' TestServer, so the existing benches can use them.
import { randomBytes } from 'node:crypto';
import { blobStoreFromEnv } from '../server/store/blobs/blob-config.ts';
import { startTestServer, type TestServer } from '../test/helpers/server.ts';

export interface PgSetup {
  databaseUrl: string;
  /** The S3 env (BLOB_STORE_URL, AWS_*) or none: rows and blobs both in PostgreSQL. */
  s3Env?: Record<string, string>;
}

export function startBackendServer(pg?: PgSetup): Promise<TestServer> {
  return startTestServer(pg ? { storage: { databaseUrl: pg.databaseUrl, secretKey: randomBytes(32), blobStore: pg.s3Env ? blobStoreFromEnv(pg.s3Env) : null } } : {});
}
