import { h, replaceChildren } from '../../ui/dom.ts';
import { BASE } from '../../router.ts';
import { t, tNodes } from '../../i18n/translate.ts';

export function showNotFound(main: HTMLElement): void {
  document.title = `${t('notFound.pageTitle')} · Einblick`;
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, t('notFound.title')),
    h('p', null, tNodes('notFound.text', { link: h('a', { href: BASE }, t('notFound.link')) })),
  );
}
