// Opens the store, sets up first-start data and listens. Used by main.ts, the CLI and tests.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { openStore, type Store } from './store/index.ts';
import { loadOrCreateSecret } from './privacy/secret.ts';
import { bootstrap, type BootstrapResult } from './bootstrap.ts';
import type { Config } from './config.ts';
import { scheduleRetention } from './privacy/retention.ts';
import { pageScreenshots } from './heatmaps/page-screenshots.ts';
import { startWebhookDelivery } from './surveys/webhook.ts';
import { piiScanner, type PiiScanner } from './pii/scan-pool.ts';
import { startAssetCapture } from './assets/capture-worker.ts';
import { resumePageRekeys } from './heatmaps/rekey-pages.ts';

export interface RunningServer {
  url: string;
  http: Server;
  store: Store;
  firstStart: BootstrapResult;
  close(): Promise<void>;
}

/** Seams for tests: a race between a chunk in flight and an erasure is held open here, with no delay in the product. */
export interface ServerHooks {
  /** Wraps the PII scanner every chunk passes through before its commit. */
  scanner?(scanner: PiiScanner): PiiScanner;
}

export async function startServer(config: Config, hooks: ServerHooks = {}): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = openStore(config.dbFile);
  const secret = loadOrCreateSecret(config.secretFile);
  const firstStart = bootstrap(store, config);
  const screenshots = pageScreenshots({ enabled: config.screenshots, chromiumPath: config.chromiumPath });
  const scanner = piiScanner(config.piiScan);
  const ctx = { config, store, secret, screenshots, scanner: hooks.scanner?.(scanner) ?? scanner };
  const app = createApp(ctx);
  const stopRetention = scheduleRetention(ctx);
  resumePageRekeys(store);

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // Slow or stalled clients must not hold connections forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  const { port } = server.address() as AddressInfo;
  const url = config.publicUrl ?? `http://localhost:${port}`;
  const stopWebhooks = startWebhookDelivery(store, config.webhook, url);
  const stopAssets = startAssetCapture(store, config.assets, config.limits.inflatedBytes);

  return {
    url,
    http: server,
    store,
    firstStart,
    close: () =>
      new Promise<void>((resolve) => {
        stopRetention();
        stopWebhooks();
        stopAssets();
        server.closeAllConnections();
        server.close(() => {
          store.close();
          Promise.all([screenshots.close(), ctx.scanner.close()]).then(() => resolve(), () => resolve());
        });
      }),
  };
}
