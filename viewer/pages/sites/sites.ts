// /viewer/sites (admins): the sites Einblick records, with every setting but the key
// editable, and a form that adds one and hands over the tag for its pages.
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { listSites } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { siteCard } from './site-card.ts';
import { siteForm } from './site-form.ts';

export function showSites(main: HTMLElement, signal: AbortSignal): void {
  document.title = 'Sites · Einblick';
  const list = h('section', { class: 'results', 'aria-label': 'Sites' }, loadingNotice());
  const render = (sites: SiteSummary[]) =>
    replaceChildren(list, h('h2', null, 'All sites'), sites.length ? h('div', { class: 'site-cards', 'data-testid': 'site-list' }, sites.map(siteCard)) : h('p', { class: 'hint' }, 'No sites yet.'));
  const reload = () => {
    listSites(signal).then(render, (err) => void (isAbort(err) || replaceChildren(list, errorNotice(err))));
  };
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, 'Sites'),
    h('p', { class: 'lede' }, 'A site is one set of pages that records into Einblick: the origins it may send from, how long its data is kept, how strictly it is masked, and where low survey scores go. Changes apply to the next chunk; retention to the next hourly run.'),
    siteForm(reload),
    list,
  );
  reload();
}
