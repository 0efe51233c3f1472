// The frame around every signed-in page: app name, who is signed in, language, sign out.
import { signOut, SIGNED_OUT_EVENT } from '../api.ts';
import type { Me } from '../../contract/schemas/index.ts';
import { t } from '../i18n/translate.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { messageOf } from '../ui/notice.ts';
import { languageSwitch } from './language-switch.ts';
import { mayManageSites, mayManageTokens, mayReadSessions, mayUsePrivacyDesk } from './roles.ts';
import { BASE, HEATMAPS_HREF, PRIVACY_HREF, SURVEYS_HREF, TOKENS_HREF, SITES_HREF } from '../router.ts';

/** The part of the viewer a page belongs to; its nav link is marked as current. */
export type Section = 'sessions' | 'heatmaps' | 'surveys' | 'privacy' | 'sites' | 'tokens';

function navLink(href: string, label: string, current: boolean): HTMLAnchorElement {
  return h('a', { href, 'aria-current': current ? 'page' : null }, label);
}

/** Renders the header into `root` and returns the element the page fills. */
export function renderShell(root: HTMLElement, me: Me, section?: Section): HTMLElement {
  const main = h('main', { id: 'main', class: 'page' });
  const signOutButton = h('button', { type: 'button', class: 'button button--quiet' }, t('shell.signOut'));
  signOutButton.addEventListener('click', async () => {
    signOutButton.disabled = true;
    try {
      await signOut();
      // main.ts already listens for this to show the sign-in form.
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    } catch (err) {
      signOutButton.disabled = false;
      signOutButton.title = messageOf(err);
    }
  });
  replaceChildren(
    root,
    h('a', { class: 'skip-link', href: '#main' }, t('shell.skipToContent')),
    h(
      'header',
      { class: 'app-header' },
      h('a', { class: 'app-name', href: BASE }, 'Einblick'),
      h(
        'nav',
        { class: 'app-nav', 'aria-label': t('shell.mainNav') },
        mayReadSessions(me.role) ? navLink(BASE, t('shell.nav.sessions'), section === 'sessions') : null,
        mayReadSessions(me.role) ? navLink(HEATMAPS_HREF, t('shell.nav.heatmaps'), section === 'heatmaps') : null,
        mayReadSessions(me.role) ? navLink(SURVEYS_HREF, t('shell.nav.surveys'), section === 'surveys') : null,
        mayUsePrivacyDesk(me.role) ? navLink(PRIVACY_HREF, t('shell.nav.privacy'), section === 'privacy') : null,
        mayManageSites(me.role) ? navLink(SITES_HREF, t('shell.nav.sites'), section === 'sites') : null,
        mayManageTokens(me.role) ? navLink(TOKENS_HREF, t('shell.nav.tokens'), section === 'tokens') : null,
      ),
      h('div', { class: 'app-user' }, h('span', { class: 'app-user__label' }, me.label), h('span', { class: 'badge' }, me.role), languageSwitch(), signOutButton),
    ),
    main,
  );
  return main;
}
