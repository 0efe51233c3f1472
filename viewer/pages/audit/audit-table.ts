// The audit trail, newest first. Hashes are cut to their first 12 characters for
// reading; the full value is in the title and in the CSV.
import type { AuditRow } from '../../../contract/schemas/index.ts';
import { AUDIT_ACTIONS } from './audit-filters.ts';
import { h } from '../../ui/dom.ts';
import { formatInstant } from '../../ui/format.ts';

const COLUMNS = ['When', 'Who', 'Action', 'Object (hash)', 'Detail', 'Entry hash'];

function shortHash(hash: string | null): HTMLElement | string {
  return hash ? h('code', { title: hash }, hash.slice(0, 12)) : '—';
}

function describeDetail(detail: AuditRow['detail']): string {
  const parts = Object.entries(detail).map(([key, value]) => `${key}: ${String(value)}`);
  return parts.length ? parts.join(', ') : '—';
}

function auditRow(e: AuditRow, brokenAt: number | null): HTMLTableRowElement {
  const label = (AUDIT_ACTIONS as Record<string, string | undefined>)[e.action];
  return h(
    'tr',
    { 'data-action': e.action, class: e.id === brokenAt ? 'audit-broken' : null, title: e.id === brokenAt ? 'The chain breaks at this entry' : null },
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
    h('caption', { class: 'visually-hidden' }, 'Audit trail, newest first'),
    h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, entries.map((e) => auditRow(e, brokenAt))),
  );
}
