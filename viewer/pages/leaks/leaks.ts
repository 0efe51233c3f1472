// /viewer/privacy/leaks : where the server's second line of masking caught personal
// data that the browser's masking let through, per page and element, with what to
// change on the site. Kinds and places only: the caught text was never stored.
import { listLeaks, listSites } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { plural } from '../../ui/format.ts';
import { leakTable } from './leak-table.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice, warningNotice } from '../../ui/notice.ts';
import { privacyNav } from '../../shell/privacy-nav.ts';
import { LEAKS_HREF, navigate } from '../../router.ts';
import type { LeakList, SiteSummary } from '../../../contract/schemas/index.ts';

export function showLeaks(main: HTMLElement, signal: AbortSignal): void {
  document.title = 'Leaks · Einblick';
  const wanted = new URLSearchParams(location.search).get('site') ?? '';
  const site = h('select', { id: 'leaks-site', name: 'site' }, option(wanted, wanted || 'Loading sites…', wanted));
  site.addEventListener('change', () => navigate(`${LEAKS_HREF}?${new URLSearchParams({ site: site.value })}`));
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true', 'aria-label': 'Leaks' }, loadingNotice());
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, 'Leaks'),
    privacyNav('leaks'),
    h('p', { class: 'lede' }, 'The server scans every recording for email addresses, card numbers, IBANs and phone numbers that the browser did not mask, masks them before they are stored, and counts them here, so you can mark the element on your site. The caught text itself is never kept.'),
    h('div', { class: 'filters' }, field('Site', site)),
    results,
  );

  const done = () => results.setAttribute('aria-busy', 'false');
  load(wanted, signal).then(
    ({ sites, list }) => {
      done();
      site.replaceChildren(...sites.map((s) => option(s.key, s.name === s.key ? s.key : `${s.name} (${s.key})`, list?.site ?? '')));
      if (!list) replaceChildren(results, infoNotice(h('p', { class: 'empty' }, 'No sites are registered yet.')));
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
  const off = list.scanning ? null : warningNotice(h('p', null, 'The scan is switched off on this server (EINBLICK_PII_SCAN=0): chunks are stored as the browser sent them, and nothing new is counted.'));
  if (list.leaks.length === 0) {
    replaceChildren(results, off, infoNotice(h('p', { class: 'empty' }, 'Nothing caught: no personal data has slipped past the browser’s masking on this site.')));
    return;
  }
  const total = list.leaks.reduce((n, l) => n + l.catches, 0);
  replaceChildren(
    results,
    off,
    h('div', { class: 'results-bar' }, h('h2', null, `${plural(total, 'catch', 'catches')} in ${plural(list.leaks.length, 'place')}`)),
    h('div', { class: 'table-scroll' }, leakTable(list.leaks)),
  );
}
