// In-process servers on either backend for the backends bench: SQLite in a temp
// directory (the default), or PostgreSQL (a database of its own) with chunk blobs in an
// S3 bucket, each shaped like the tests' TestServer so the existing benches can use them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { makeConfig } from '../server/config.ts';
import { startServer } from '../server/server.ts';
import { blobStoreFromEnv } from '../server/store/blobs/blob-config.ts';
import { ADMIN_TOKEN, type TestServer } from '../test/helpers/server.ts';

export interface PgSetup {
  databaseUrl: string;
  /** The S3 env (BLOB_STORE_URL, AWS_*) or none: rows and blobs both in PostgreSQL. */
  s3Env?: Record<string, string>;
}

export async function startBackendServer(pg?: PgSetup): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-bench-'));
  const config = makeConfig({
    port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN_TOKEN, screenshots: false,
    ...(pg ? { databaseUrl: pg.databaseUrl, secretKey: randomBytes(32), blobStore: pg.s3Env ? blobStoreFromEnv(pg.s3Env) : null } : {}),
  });
  const server = await startServer(config);
  const url = server.url.replace('localhost', '127.0.0.1');
  return {
    ...server,
    url,
    dataDir,
    api(pathname, init = {}) {
      const { token = ADMIN_TOKEN, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set('Authorization', `Bearer ${token}`);
      return fetch(url + pathname, { ...rest, headers });
    },
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
