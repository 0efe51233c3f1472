// The audit trail, newest first. Hashes are cut to their first 12 characters for
// reading; the full value is in the title and in the CSV.
import type { AuditRow } from '../../../contract/schemas/index.ts';
import { auditActionName } from './audit-filters.ts';
import { h } from '../../ui/dom.ts';
import { formatInstant } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';

const columns = () => [t('audit.col.when'), t('audit.col.who'), t('audit.col.action'), t('audit.col.object'), t('audit.col.detail'), t('audit.col.hash')];

function shortHash(hash: string | null): HTMLElement | string {
  return hash ? h('code', { title: hash }, hash.slice(0, 12)) : '—';
}

function describeDetail(detail: AuditRow['detail']): string {
  const parts = Object.entries(detail).map(([key, value]) => `${key}: ${String(value)}`);
  return parts.length ? parts.join(', ') : '—';
}

function auditRow(e: AuditRow, brokenAt: number | null): HTMLTableRowElement {
  const label = auditActionName(e.action);
  return h(
    'tr',
    { 'data-action': e.action, class: e.id === brokenAt ? 'audit-broken' : null, title: e.id === brokenAt ? t('audit.breaksHere') : null },
    h('td', null, h('time', { datetime: new Date(e.at).toISOString() }, formatInstant(e.at))),
    h('td', null, e.actorLabel, ' ', h('span', { class: 'badge' }, e.actorRole)),
    h('td', null, h('code', null, e.action), label ? h('span', { class: 'muted' }, ` ${label}`) : null),
    h('td', null, shortHash(e.objectHash)),
    h('td', { class: 'detail' }, describeDetail(e.detail)),
    h('td', null, shortHash(e.hash)),
  );
}

/** `brokenAt`: the row id where the hash chain breaks, marked when it is among the entries shown. */
export function auditTable(entries: AuditRow[], brokenAt: number | null): HTMLTableElement {
  return h(
    'table',
    { class: 'records', 'data-testid': 'audit-table' },
    h('caption', { class: 'visually-hidden' }, t('audit.caption')),
    h('thead', null, h('tr', null, columns().map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, entries.map((e) => auditRow(e, brokenAt))),
  );
}
