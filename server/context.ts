import type { Config } from './config.ts';
import type { Store } from './store/index.ts';

/** What every route may use, built once at start. */
export interface AppContext {
  config: Config;
  store: Store;
  /** Keys the hashes of external ids; see secret.ts. */
  secret: Buffer;
}
