// Entry point: checks who is signed in, then renders the page the URL names.
// Each render gets its own AbortSignal; starting the next render aborts it,
// which cancels the old page's requests and tears down what it started
// (the replay player, listeners), so a slow response never paints over a newer page.
// Choosing another language renders the current page again the same way, without
// a reload: every page reads its words from t() as it renders (i18n/translate.ts).
import type { Me } from '../contract/schemas/index.ts';
import { SIGNED_OUT_EVENT, whoAmI } from './api.ts';
import { h, replaceChildren } from './ui/dom.ts';
import { errorNotice, isAbort } from './ui/notice.ts';
import { onLocaleChange, startLocale } from './i18n/locale.ts';
import { LANGUAGE_SWITCH_ID } from './shell/language-switch.ts';
import { showAudit } from './pages/audit/audit.ts';
import { showLeaks } from './pages/leaks/leaks.ts';
import { showLogin } from './pages/login/login.ts';
import { showNotFound } from './pages/not-found/not-found.ts';
import { showPrivacyDesk } from './pages/privacy/privacy.ts';
import { showPagePreview } from './pages/privacy-preview/privacy-preview.ts';
import { showSessions } from './pages/sessions/sessions.ts';
import { showSurveys } from './pages/surveys/surveys.ts';
import { showTokens } from './pages/tokens/tokens.ts';
import { showSites } from './pages/sites/sites.ts';
import { showAdminOnly, showPrivacyOnly, showResearchOnly } from './pages/wrong-role/wrong-role.ts';
import { mayManageSites, mayManageTokens, mayReadSessions, mayUsePrivacyDesk } from './shell/roles.ts';
import { matchRoute, startRouter, type Route } from './router.ts';
import { renderShell, type Section } from './shell/shell.ts';
// Last, so our rules come after rrweb-player's in the bundled main.css.
// The replay and heatmap pages are loaded when first opened (each brings its own copy
// of rrweb's replayer); their styles stay here, because esbuild does not attach the
// CSS of a lazily loaded chunk to the page.
import 'rrweb-player/dist/style.css';
import '@rrweb/replay/dist/style.css';
import './style.css';
import { startReplayLoad } from './replay/replay-load.ts';

function start(root: HTMLElement): void {
  let me: Me | null = null;
  let current: AbortController | undefined;
  let rendered = false;

  /** `language`: the reader just switched language; focus stays on the switch instead of moving to the heading. */
  async function render(cause: 'navigation' | 'language' = 'navigation'): Promise<void> {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const { signal } = controller;
    try {
      me ??= await whoAmI(signal);
    } catch (err) {
      if (!isAbort(err)) replaceChildren(root, h('main', { id: 'main', class: 'page page--narrow' }, errorNotice(err)));
      return;
    }
    if (signal.aborted) return;
    if (!me) {
      showLogin(root, () => void render());
      if (cause === 'language') document.getElementById(LANGUAGE_SWITCH_ID)?.focus();
      return;
    }
    const route = matchRoute(location.pathname);
    const main = renderShell(root, me, sectionOf(route));
    if ((route.page === 'sessions' || route.page === 'replay' || route.page === 'heatmaps' || route.page === 'surveys') && !mayReadSessions(me.role)) showResearchOnly(main, me);
    else if ((route.page === 'privacy' || route.page === 'audit' || route.page === 'preview' || route.page === 'leaks') && !mayUsePrivacyDesk(me.role)) showPrivacyOnly(main, me);
    else if (route.page === 'tokens' && !mayManageTokens(me.role)) showAdminOnly(main, me, 'tokens');
    else if (route.page === 'sites' && !mayManageSites(me.role)) showAdminOnly(main, me, 'sites');
    else if (route.page === 'sessions') showSessions(main, signal);
    else if (route.page === 'replay') {
      const load = startReplayLoad(route.sessionId, signal); // while the page's code loads
      const page = await import('./pages/replay/replay.ts');
      if (!signal.aborted) page.showReplay(main, route.sessionId, signal, load, me);
    } else if (route.page === 'heatmaps') {
      const page = await import('./pages/heatmaps/heatmaps.ts');
      if (!signal.aborted) page.showHeatmaps(main, signal);
    }
    else if (route.page === 'surveys') showSurveys(main, me, signal);
    else if (route.page === 'privacy') showPrivacyDesk(main, signal);
    else if (route.page === 'audit') showAudit(main, signal);
    else if (route.page === 'preview') showPagePreview(main, signal);
    else if (route.page === 'leaks') showLeaks(main, signal);
    else if (route.page === 'tokens') showTokens(main, me, signal);
    else if (route.page === 'sites') showSites(main, signal);
    else showNotFound(main);
    // After a client-side navigation, move focus to the new page's heading so
    // screen readers announce it, as a full page load would.
    if (cause === 'language') document.getElementById(LANGUAGE_SWITCH_ID)?.focus();
    else if (rendered) main.querySelector<HTMLElement>('h1')?.focus();
    rendered = true;
  }

  window.addEventListener(SIGNED_OUT_EVENT, () => {
    if (me === null) return;
    me = null;
    void render();
  });
  startRouter(() => void render());
  onLocaleChange(() => void render('language'));
  void render();
}

function sectionOf(route: Route): Section | undefined {
  if (route.page === 'sessions' || route.page === 'replay') return 'sessions';
  if (route.page === 'heatmaps') return 'heatmaps';
  if (route.page === 'surveys') return 'surveys';
  if (route.page === 'privacy' || route.page === 'audit' || route.page === 'preview' || route.page === 'leaks') return 'privacy';
  if (route.page === 'tokens') return 'tokens';
  if (route.page === 'sites') return 'sites';
  return undefined;
}

startLocale();
const root = document.getElementById('app');
if (root) start(root);
