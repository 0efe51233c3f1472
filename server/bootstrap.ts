// First-start setup: the demo site, and an admin token when there is none.
import type { Config } from './config.ts';
import type { Store } from './store/index.ts';
import { createToken, ensureToken } from './auth.ts';

export const DEMO_SITE_KEY = 'demo';
export const DEMO_SURVEY_ID = 'srv_demo_nps';

export interface BootstrapResult {
  /** A newly created admin token, shown once; null when one existed or came from the environment. */
  newAdminToken: string | null;
}

export function bootstrap(store: Store, config: Config): BootstrapResult {
  if (!store.siteByKey(DEMO_SITE_KEY)) {
    // The demo page is served by this server itself, which is always an allowed origin.
    const demo = store.createSite(DEMO_SITE_KEY, { name: 'Demo shop', origins: [], retentionDays: 90, privacy: 'strict' });
    // An NPS survey the demo shop asks after a payment on its checkout page (demo.js tracks
    // 'payment_submitted'), so a first look shows the widget, its answer in the replay and
    // on the survey page.
    store.createSurvey(DEMO_SURVEY_ID, demo.id, {
      kind: 'nps',
      question: { en: 'How likely are you to recommend Nordlicht Outdoor to a friend?', de: 'Wie wahrscheinlich ist es, dass Sie Nordlicht Outdoor einem Freund empfehlen?' },
      comment: { en: 'What is the main reason for your score?', de: 'Was ist der wichtigste Grund für Ihre Bewertung?' },
      trigger: { urlContains: '/demo?page=checkout', onEvent: 'payment_submitted' },
      capDays: 30,
      sample: 1,
    });
  }
  if (config.adminToken) {
    ensureToken(store, config.adminToken, 'admin', 'admin (EINBLICK_ADMIN_TOKEN)');
    return { newAdminToken: null };
  }
  if (store.activeAdminCount() > 0) return { newAdminToken: null };
  return { newAdminToken: createToken(store, 'admin', 'admin (first start)') };
}
