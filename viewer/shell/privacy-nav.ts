// The parts of the privacy desk, as links under the page heading.
import { t } from '../i18n/translate.ts';
import { h } from '../ui/dom.ts';
import { AUDIT_HREF, LEAKS_HREF, PREVIEW_HREF, PRIVACY_HREF } from '../router.ts';

export function privacyNav(current: 'lookup' | 'audit' | 'preview' | 'leaks'): HTMLElement {
  const link = (href: string, label: string, here: boolean) => h('a', { href, 'aria-current': here ? 'page' : null }, label);
  return h(
    'nav',
    { class: 'sub-nav', 'aria-label': t('shell.privacyNav') },
    link(PRIVACY_HREF, t('shell.privacyNav.lookup'), current === 'lookup'),
    link(AUDIT_HREF, t('shell.privacyNav.audit'), current === 'audit'),
    link(PREVIEW_HREF, t('shell.privacyNav.preview'), current === 'preview'),
    link(LEAKS_HREF, t('shell.privacyNav.leaks'), current === 'leaks'),
  );
}
