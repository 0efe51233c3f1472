// What someone sees on a page their role may not use: whose page it is and where
// to go instead, rather than the 403 every request on the page would answer.
import type { Me } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { infoNotice } from '../../ui/notice.ts';
import { BASE, PRIVACY_HREF } from '../../router.ts';
import { t } from '../../i18n/translate.ts';

function showWrongRole(main: HTMLElement, title: string, lines: [string, string], next: HTMLAnchorElement): void {
  document.title = `${title} · Einblick`;
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, title),
    infoNotice(h('p', null, h('strong', null, lines[0])), h('p', null, lines[1]), h('p', null, next)),
  );
}

export function showPrivacyOnly(main: HTMLElement, me: Me): void {
  showWrongRole(
    main,
    t('wrongRole.privacy.title'),
    [t('wrongRole.privacy.lead'), t('wrongRole.privacy.text', { role: me.role })],
    h('a', { href: BASE }, t('wrongRole.privacy.next')),
  );
}

export function showResearchOnly(main: HTMLElement, me: Me): void {
  showWrongRole(
    main,
    t('wrongRole.research.title'),
    [t('wrongRole.research.lead'), t('wrongRole.research.text', { role: me.role })],
    h('a', { href: PRIVACY_HREF }, t('wrongRole.research.next')),
  );
}

export function showAdminOnly(main: HTMLElement, me: Me, page: 'tokens' | 'sites'): void {
  showWrongRole(
    main,
    t(`wrongRole.admin.${page}.title`),
    [t(`wrongRole.admin.${page}.lead`), t(`wrongRole.admin.${page}.text`, { role: me.role })],
    h('a', { href: BASE }, t('wrongRole.admin.next')),
  );
}
