import type { Config } from './config.ts';
import type { Store } from './store/index.ts';
import type { PageScreenshots } from './page-screenshots.ts';

/** What every route may use, built once at start. */
export interface AppContext {
  config: Config;
  store: Store;
  /** Keys the hashes of external ids; see secret.ts. */
  secret: Buffer;
  /** Screenshots of recorded pages under the heatmap PNGs (the server's, closed with it); without, PNGs use the page outline. */
  screenshots?: PageScreenshots;
}
