// Opens the store, sets up first-start data and listens. Used by main.ts, the CLI and tests.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import type { Store } from './store/index.ts';
import { openConfiguredStore } from './store/open-store.ts';
import { bootstrap, type BootstrapResult } from './bootstrap.ts';
import type { Config } from './config.ts';
import { scheduleRetention } from './privacy/retention.ts';
import { pageScreenshots } from './heatmaps/page-screenshots.ts';
import { startWebhookDelivery } from './surveys/webhook.ts';
import { piiScanner, type PiiScanner } from './pii/scan-pool.ts';
import { startAssetCapture } from './assets/capture-worker.ts';
import { createReadiness } from './http/readiness.ts';
import { resumePageRekeys } from './heatmaps/rekey-pages.ts';

export interface RunningServer {
  url: string;
  http: Server;
  store: Store;
  firstStart: BootstrapResult;
  /** Stops the work, ends every connection at once and closes the store. */
  close(): Promise<void>;
  /**
   * A graceful stop (SIGTERM): /readyz answers 503 at once while requests are still served
   * for `graceMs`, so a load balancer moves traffic away first; then no new connections are
   * taken, those in flight get up to `inFlightMs` to finish, and the rest is closed.
   */
  drain(graceMs: number, inFlightMs: number): Promise<void>;
}

/** Seams for tests: a race between a chunk in flight and an erasure is held open here, with no delay in the product. */
export interface ServerHooks {
  /** Wraps the PII scanner every chunk passes through before its commit. */
  scanner?(scanner: PiiScanner): PiiScanner;
}

export async function startServer(config: Config, hooks: ServerHooks = {}): Promise<RunningServer> {
  const { store, secret } = await openConfiguredStore(config);
  const firstStart = await store.leadership.exclusively('startup', () => bootstrap(store, config));
  const screenshots = pageScreenshots({ enabled: config.screenshots, chromiumPath: config.chromiumPath });
  const scanner = piiScanner(config.piiScan);
  // A PostgreSQL node keeps nothing on its disk, so only the SQLite default asks for a writable data directory.
  const readiness = createReadiness(store, store.backend === 'sqlite' ? config.dataDir : null);
  const ctx = { config, store, secret, screenshots, scanner: hooks.scanner?.(scanner) ?? scanner, readiness };
  const app = createApp(ctx);
  const stopRetention = scheduleRetention(ctx);
  await resumePageRekeys(store);

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

  const close = (inFlightMs: number) =>
    new Promise<void>((resolve) => {
      readiness.stop();
      stopRetention();
      stopWebhooks();
      stopAssets();
      // Idle keep-alive connections would hold close() open; busy ones (a chunk being stored, a live stream) get their time.
      const force = setTimeout(() => server.closeAllConnections(), inFlightMs);
      server.close(() => {
        clearTimeout(force);
        Promise.all([store.close(), screenshots.close(), ctx.scanner.close()]).then(() => resolve(), () => resolve());
      });
      server.closeIdleConnections();
      if (inFlightMs === 0) server.closeAllConnections();
    });

  return {
    url,
    http: server,
    store,
    firstStart,
    close: () => close(0),
    drain: async (graceMs, inFlightMs) => {
      readiness.stop();
      await new Promise((r) => setTimeout(r, graceMs));
      await close(inFlightMs);
    },
  };
}
