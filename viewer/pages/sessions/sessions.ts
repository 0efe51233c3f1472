// /viewer/ : the list of recorded sessions, newest first, with filters and
// "Load more" paging by the server's cursor.
import { listenLive, listSessions, listSites, listSurveys, type SessionFilter } from '../../api.ts';
import type { SessionList } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { BASE, navigate } from '../../router.ts';
import { filterForm, filtersFromSearch, hasFilters, searchFromFilters, toSessionQuery, type ListFilters } from './session-filters.ts';
import { sessionTable } from './session-table.ts';
import { segmentBar } from './segment-bar.ts';
import { t, tNodes } from '../../i18n/translate.ts';

const PAGE_SIZE = 50;

export function showSessions(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('sessions.title')} · Einblick`;
  const filters = filtersFromSearch(location.search);
  const { form, setSites, setSurveys } = filterForm(filters, (next) => navigate(BASE + searchFromFilters(next)));
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true' }, loadingNotice());
  replaceChildren(main, h('h1', { tabindex: '-1' }, t('sessions.title')), form, segmentBar(filters, signal), results);

  // The site list only fills the filter; without it (an older server, a role
  // that may not list sites) the list still works, so its failure stays quiet.
  listSites(signal).then(setSites, () => undefined);
  listSurveys(undefined, signal).then(setSurveys, () => undefined);

  const query: SessionFilter = { ...toSessionQuery(filters), limit: PAGE_SIZE };
  listSessions(query, signal).then(
    (first) => showResults(results, first, query, signal, filters),
    (err) => {
      if (!isAbort(err)) replaceChildren(results, errorNotice(err));
    },
  );
}

/** A new session belongs at the top of this list only when no filter but the site could exclude it. */
const showsEveryNewSession = (f: ListFilters) => !hasFilters({ ...f, site: '' });
// sort is a filter too: a list in another order has no "top" for a new session.

function showResults(results: HTMLElement, first: SessionList, query: SessionFilter, signal: AbortSignal, filters: ListFilters): void {
  results.setAttribute('aria-busy', 'false');
  const { table, addSessions, addNewest } = sessionTable(filters.sort, (sort) => navigate(BASE + searchFromFilters({ ...filters, sort })));
  const tableView = () => replaceChildren(results, h('div', { class: 'table-scroll' }, table), more);
  const more = h('div', { class: 'load-more' });
  // Sessions arriving while the list is open appear on top, without a reload.
  if (showsEveryNewSession(filters)) {
    listenLive(filters.site || undefined, {
      session: (s) => {
        if (!table.isConnected) tableView();
        addNewest(s);
      },
    }, signal);
  }
  if (first.sessions.length === 0) {
    replaceChildren(results, hasFilters(filters) ? infoNotice(h('p', null, ...tNodes('sessions.noMatch', { link: h('a', { href: BASE }, t('sessions.clearFilters')) }))) : emptyState());
    return;
  }
  addSessions(first.sessions);
  tableView();

  const offerMore = (cursor: string | null) => {
    if (!cursor) return replaceChildren(more);
    const button = h('button', { type: 'button', class: 'button' }, t('sessions.loadMore'));
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = t('ui.loading');
      try {
        const next = await listSessions({ ...query, cursor }, signal);
        addSessions(next.sessions);
        offerMore(next.nextCursor);
      } catch (err) {
        if (!isAbort(err)) replaceChildren(more, errorNotice(err), button);
        button.disabled = false;
        button.textContent = t('sessions.tryAgain');
      }
    });
    replaceChildren(more, button);
  };
  offerMore(first.nextCursor);
}

function emptyState(): HTMLElement {
  return infoNotice(
    h('p', { class: 'empty' }, ...tNodes('sessions.empty', { link: h('a', { href: '/demo', target: '_blank', rel: 'noopener' }, '/demo') })),
  );
}
