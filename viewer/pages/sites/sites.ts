// /viewer/sites (admins): the sites Einblick records, with every setting but the key
// editable, and a form that adds one and hands over the tag for its pages.
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { listSites } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { siteCard } from './site-card.ts';
import { siteForm } from './site-form.ts';
import { t } from '../../i18n/translate.ts';

export function showSites(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('sites.title')} · Einblick`;
  const list = h('section', { class: 'results', 'aria-label': t('sites.list') }, loadingNotice());
  const render = (sites: SiteSummary[]) =>
    replaceChildren(list, h('h2', null, t('sites.all')), sites.length ? h('div', { class: 'site-cards', 'data-testid': 'site-list' }, sites.map(siteCard)) : h('p', { class: 'hint' }, t('sites.none')));
  const reload = () => {
    listSites(signal).then(render, (err) => void (isAbort(err) || replaceChildren(list, errorNotice(err))));
  };
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, t('sites.title')),
    h('p', { class: 'lede' }, t('sites.lede')),
    siteForm(reload),
    list,
  );
  reload();
}
