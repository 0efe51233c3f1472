// /viewer/privacy/audit : who did what to which object, with the hash chain's
// verdict on top. The server checks the whole chain on every read, so a changed,
// removed or inserted row shows here, whatever the filters.
import { auditCsvHref, listAudit, type AuditFilter, type AuditPage } from '../../api.ts';
import { auditFilterForm, auditFiltersFromSearch, hasAuditFilters, searchFromAuditFilters, toAuditQuery } from './audit-filters.ts';
import { auditTable } from './audit-table.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { t } from '../../i18n/translate.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { privacyNav } from '../../shell/privacy-nav.ts';
import { AUDIT_HREF, navigate } from '../../router.ts';

const PAGE_SIZE = 500;
/** The most the server hands out in one answer; the CSV asks for all of it. */
const CSV_LIMIT = 10_000;

export function showAudit(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('audit.title')} · Einblick`;
  const filters = auditFiltersFromSearch(location.search);
  const form = auditFilterForm(filters, (next) => navigate(AUDIT_HREF + searchFromAuditFilters(next)));
  const chain = h('div', { class: 'chain-slot' });
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true', 'aria-label': t('audit.results') }, loadingNotice());
  replaceChildren(main, h('h1', { tabindex: '-1' }, t('audit.title')), privacyNav('audit'), chain, form, results);

  const query = toAuditQuery(filters);
  listAudit({ ...query, limit: PAGE_SIZE }, signal).then(
    (page) => {
      results.setAttribute('aria-busy', 'false');
      replaceChildren(chain, chainStatus(page.chain));
      showEntries(results, page, query, hasAuditFilters(filters));
    },
    (err) => {
      if (isAbort(err)) return;
      results.setAttribute('aria-busy', 'false');
      replaceChildren(results, errorNotice(err));
    },
  );
}

function chainStatus(chain: AuditPage['chain']): HTMLElement {
  if (chain === 'intact') {
    return h(
      'div',
      { class: 'chain chain--intact', role: 'status', 'data-testid': 'audit-chain' },
      h('strong', null, t('audit.intact')),
      h('span', null, t('audit.intactText')),
    );
  }
  return h(
    'div',
    { class: 'chain chain--broken', role: 'alert', 'data-testid': 'audit-chain' },
    h('strong', null, t('audit.brokenAt', { row: String(brokenRow(chain) ?? '?') })),
    h('span', null, t('audit.brokenText')),
  );
}

function brokenRow(chain: AuditPage['chain']): number | null {
  const row = /^broken at row (\d+)$/.exec(chain)?.[1];
  return row === undefined ? null : Number(row);
}

function showEntries(results: HTMLElement, page: AuditPage, query: AuditFilter, filtered: boolean): void {
  if (page.entries.length === 0) {
    replaceChildren(results, infoNotice(h('p', { class: 'empty' }, filtered ? `${t('audit.noMatch')} ` : t('audit.empty'), filtered ? h('a', { href: AUDIT_HREF }, t('audit.clearFilters')) : null)));
    return;
  }
  const full = page.entries.length >= PAGE_SIZE;
  replaceChildren(
    results,
    h(
      'div',
      { class: 'results-bar' },
      h('h2', null, full ? t('audit.newest', { count: PAGE_SIZE }) : t('audit.entries', { count: page.entries.length })),
      h('a', { class: 'button', href: auditCsvHref({ ...query, limit: CSV_LIMIT }), download: true }, t('audit.downloadCsv')),
    ),
    full ? h('p', { class: 'hint' }, t('audit.older', { limit: CSV_LIMIT })) : null,
    h('div', { class: 'table-scroll' }, auditTable(page.entries, brokenRow(page.chain))),
  );
}
