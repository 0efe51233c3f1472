import { h, replaceChildren } from '../../ui/dom.ts';
import { BASE } from '../../router.ts';

export function showNotFound(main: HTMLElement): void {
  document.title = 'Not found · Einblick';
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, 'Page not found'),
    h('p', null, 'There is nothing at this address in the viewer. ', h('a', { href: BASE }, 'Go to the sessions list'), '.'),
  );
}
