// First-start setup: the demo site, and an admin token when there is none.
import type { Config } from './config.ts';
import type { Store } from './store/index.ts';
import { createToken, hashSecret } from './http/auth.ts';

export const DEMO_SITE_KEY = 'demo';
export const DEMO_SURVEY_ID = 'srv_demo_nps';
export const ENV_TOKEN_LABEL = 'admin (EINBLICK_ADMIN_TOKEN)';

export interface BootstrapResult {
  /** A newly created admin token, shown once; null when one existed or came from the environment. */
  newAdminToken: string | null;
}

/**
 * EINBLICK_ADMIN_TOKEN is the admin token, stored hashed. Changing the variable is how an
 * operator rotates it, so the token it replaces is revoked (with its logins); a value that
 * was revoked through the API or CLI is never brought back by a restart.
 */
async function adoptEnvToken(store: Store, token: string): Promise<void> {
  const hash = hashSecret(token);
  for (const id of await store.tokens.envTokensOtherThan(hash)) {
    await store.tokens.revokeToken(id);
    await store.audit.appendAudit({ at: Date.now(), actorLabel: 'start-up', actorRole: 'system', action: 'token.revoke', objectHash: null, detail: { token: id, reason: 'EINBLICK_ADMIN_TOKEN changed' } });
  }
  const state = await store.tokens.tokenState(hash);
  if (state === 'revoked') throw new Error('EINBLICK_ADMIN_TOKEN holds a token that was revoked: set a new value (e.g. openssl rand -base64 32) and start again.');
  if (state === 'none') await store.tokens.insertToken(hash, 'admin', ENV_TOKEN_LABEL, true);
}

export async function bootstrap(store: Store, config: Config): Promise<BootstrapResult> {
  if (!await store.sites.siteByKey(DEMO_SITE_KEY)) {
    // The demo page is served by this server itself, which is always an allowed origin.
    const demo = await store.sites.createSite(DEMO_SITE_KEY, { name: 'Demo shop', origins: [], retentionDays: 90, privacy: 'strict' });
    // The shop routes its steps by ?page=; strict mode masks every other query value.
    await store.sites.setPageQueryKeys(demo, ['page']);
    // An NPS survey the demo shop asks after a payment on its checkout page (demo.js tracks
    // 'payment_submitted'), so a first look shows the widget, its answer in the replay and
    // on the survey page.
    await store.surveys.createSurvey(DEMO_SURVEY_ID, demo.id, {
      kind: 'nps',
      question: { en: 'How likely are you to recommend Nordlicht Outdoor to a friend?', de: 'Wie wahrscheinlich ist es, dass Sie Nordlicht Outdoor einem Freund empfehlen?' },
      comment: { en: 'What is the main reason for your score?', de: 'Was ist der wichtigste Grund für Ihre Bewertung?' },
      trigger: { urlContains: '/demo?page=checkout', onEvent: 'payment_submitted' },
      capDays: 30,
      sample: 1,
    });
  }
  if (config.adminToken) {
    await adoptEnvToken(store, config.adminToken);
    return { newAdminToken: null };
  }
  if (await store.tokens.activeAdminCount() > 0) return { newAdminToken: null };
  return { newAdminToken: await createToken(store, 'admin', 'admin (first start)') };
}
