// The leaks the server caught for one site, most caught first.
import type { LeakRow } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { formatDateTime, formatNumber, pathOf } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import { leakFix, leakKindName, leakPlace } from './leak-advice.ts';

const columns = () => [t('leaks.col.page'), t('leaks.col.what'), t('leaks.col.where'), t('leaks.col.caught'), t('leaks.col.lastCaught'), t('leaks.col.fix')];

function leakRow(l: LeakRow): HTMLTableRowElement {
  return h(
    'tr',
    { 'data-kind': l.kind, 'data-element': l.element },
    h('td', { title: l.page }, l.page ? pathOf(l.page) : '—'),
    h('td', null, leakKindName(l.kind)),
    h('td', null, l.element ? h('code', null, leakPlace(l)) : leakPlace(l)),
    h('td', { class: 'num' }, formatNumber(l.catches)),
    h('td', null, h('time', { datetime: new Date(l.lastAt).toISOString() }, formatDateTime(l.lastAt))),
    h('td', { class: 'detail' }, leakFix(l)),
  );
}

export function leakTable(leaks: LeakRow[]): HTMLTableElement {
  return h(
    'table',
    { class: 'records', 'data-testid': 'leak-table' },
    h('caption', { class: 'visually-hidden' }, t('leaks.caption')),
    h('thead', null, h('tr', null, columns().map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, leaks.map(leakRow)),
  );
}
