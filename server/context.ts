import type { Config } from './config.ts';
import type { Store } from './store/index.ts';
import type { PageScreenshots } from './heatmaps/page-screenshots.ts';
import type { PiiScanner } from './pii/scan-pool.ts';
import type { Readiness } from './http/readiness.ts';

/** What every route may use, built once at start. */
export interface AppContext {
  config: Config;
  store: Store;
  /** Keys the hashes of external ids; see secret.ts. */
  secret: Buffer;
  /** Screenshots of recorded pages under the heatmap PNGs (the server's, closed with it); without, PNGs use the page outline. */
  screenshots?: PageScreenshots;
}

/** What the running server adds for its HTTP app: the worker threads ingest scans chunks in. */
export interface ServerContext extends AppContext {
  scanner: PiiScanner;
  /** What GET /readyz answers; stopped first when the server shuts down. */
  readiness: Readiness;
}
