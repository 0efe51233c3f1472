// First-start setup: the demo site, and an admin token when there is none.
import type { Config } from './config.ts';
import type { Store } from './store/index.ts';
import { createToken, ensureToken } from './auth.ts';

export const DEMO_SITE_KEY = 'demo';

export interface BootstrapResult {
  /** A newly created admin token, shown once; null when one existed or came from the environment. */
  newAdminToken: string | null;
}

export function bootstrap(store: Store, config: Config): BootstrapResult {
  if (!store.siteByKey(DEMO_SITE_KEY)) {
    // The demo page is served by this server itself, which is always an allowed origin.
    store.createSite(DEMO_SITE_KEY, { name: 'Demo shop', origins: [], retentionDays: 90, privacy: 'strict' });
  }
  if (config.adminToken) {
    ensureToken(store, config.adminToken, 'admin', 'admin (EINBLICK_ADMIN_TOKEN)');
    return { newAdminToken: null };
  }
  if (store.activeAdminCount() > 0) return { newAdminToken: null };
  return { newAdminToken: createToken(store, 'admin', 'admin (first start)') };
}
