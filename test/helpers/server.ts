// Starts a real Einblick server on a free port with its own temporary data directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeConfig, type Limits, type PiiScanConfig, type WebhookConfig } from '../../server/config.ts';
import type { AssetsConfig } from '../../server/assets/assets-config.ts';
import type { S3Config } from '../../server/store/blobs/blob-config.ts';
import { startServer, type RunningServer, type ServerHooks } from '../../server/server.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** fetch against the server with the admin token unless `token: null`. */
  api(pathname: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
}

/** Where a test server keeps its data when not in its own SQLite file: PostgreSQL, a bucket, or both. */
export interface TestStorage { databaseUrl?: string; secretKey?: Buffer; blobStore?: S3Config | null }

export async function startTestServer(o: { limits?: Partial<Limits>; webhook?: Partial<WebhookConfig>; chromiumPath?: string; piiScan?: Partial<PiiScanConfig>; assets?: Partial<AssetsConfig>; hooks?: ServerHooks; storage?: TestStorage } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-test-'));
  const config = makeConfig({ port: 0, host: '127.0.0.1', dataDir, adminToken: ADMIN_TOKEN, limits: o.limits ?? {}, webhook: o.webhook ?? {}, chromiumPath: o.chromiumPath, piiScan: o.piiScan ?? {}, assets: o.assets ?? {}, ...o.storage });
  const server = await startServer(config, o.hooks);
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

/** Waits until `check` returns a truthy value, or fails with `what` after `ms`. */
export async function eventually<T>(what: string, check: () => T | Promise<T>, ms = 10_000): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
