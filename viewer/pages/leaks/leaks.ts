// /viewer/privacy/leaks : where the server's second line of masking caught personal
// data that the browser's masking let through, per page and element, with what to
// change on the site. Kinds and places only: the caught text was never stored.
import { listLeaks, listSites } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { t } from '../../i18n/translate.ts';
import { leakTable } from './leak-table.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice, warningNotice } from '../../ui/notice.ts';
import { privacyNav } from '../../shell/privacy-nav.ts';
import { LEAKS_HREF, navigate } from '../../router.ts';
import type { LeakList, SiteSummary } from '../../../contract/schemas/index.ts';

export function showLeaks(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('leaks.title')} · Einblick`;
  const wanted = new URLSearchParams(location.search).get('site') ?? '';
  const site = h('select', { id: 'leaks-site', name: 'site' }, option(wanted, wanted || t('leaks.loadingSites'), wanted));
  site.addEventListener('change', () => navigate(`${LEAKS_HREF}?${new URLSearchParams({ site: site.value })}`));
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true', 'aria-label': t('leaks.results') }, loadingNotice());
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, t('leaks.title')),
    privacyNav('leaks'),
    h('p', { class: 'lede' }, t('leaks.lede')),
    h('div', { class: 'filters' }, field(t('leaks.site'), site)),
    results,
  );

  const done = () => results.setAttribute('aria-busy', 'false');
  load(wanted, signal).then(
    ({ sites, list }) => {
      done();
      site.replaceChildren(...sites.map((s) => option(s.key, s.name === s.key ? s.key : `${s.name} (${s.key})`, list?.site ?? '')));
      if (!list) replaceChildren(results, infoNotice(h('p', { class: 'empty' }, t('leaks.noSites'))));
      else showList(results, list);
    },
    (err) => {
      if (isAbort(err)) return;
      done();
      replaceChildren(results, errorNotice(err));
    },
  );
}

async function load(wanted: string, signal: AbortSignal): Promise<{ sites: SiteSummary[]; list: LeakList | null }> {
  const sites = await listSites(signal);
  const key = wanted || sites[0]?.key;
  return { sites, list: key ? await listLeaks(key, signal) : null };
}

function showList(results: HTMLElement, list: LeakList): void {
  const off = list.scanning ? null : warningNotice(h('p', null, t('leaks.scanOff')));
  if (list.leaks.length === 0) {
    replaceChildren(results, off, infoNotice(h('p', { class: 'empty' }, t('leaks.nothing'))));
    return;
  }
  const total = list.leaks.reduce((n, l) => n + l.catches, 0);
  replaceChildren(
    results,
    off,
    h('div', { class: 'results-bar' }, h('h2', null, t('leaks.summary', { catches: t('leaks.catches', { count: total }), places: t('leaks.places', { count: list.leaks.length }) }))),
    h('div', { class: 'table-scroll' }, leakTable(list.leaks)),
  );
}
