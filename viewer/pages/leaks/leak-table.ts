// The leaks the server caught for one site, most caught first.
import type { LeakRow } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { formatDateTime, pathOf } from '../../ui/format.ts';
import { LEAK_KINDS, leakFix, leakPlace } from './leak-advice.ts';

const COLUMNS = ['Page', 'What', 'Where', 'Caught', 'Last caught', 'How to fix'];

function leakRow(l: LeakRow): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-kind': l.kind, 'data-element': l.element },
    h('td', { title: l.page }, l.page ? pathOf(l.page) : '—'),
    h('td', null, LEAK_KINDS[l.kind]),
    h('td', null, l.element ? h('code', null, leakPlace(l)) : leakPlace(l)),
    h('td', { class: 'num' }, l.catches.toLocaleString()),
    h('td', null, h('time', { datetime: new Date(l.lastAt).toISOString() }, formatDateTime(l.lastAt))),
    h('td', { class: 'detail' }, leakFix(l)),
  );
}

export function leakTable(leaks: LeakRow[]): HTMLTableElement {
  return h(
    'table',
    { class: 'records', 'data-testid': 'leak-table' },
    h('caption', { class: 'visually-hidden' }, 'Personal data caught by the server, most caught first'),
    h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, leaks.map(leakRow)),
  );
}
