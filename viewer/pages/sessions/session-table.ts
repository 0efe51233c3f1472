// The sessions table. Each row is one real link to the replay (stretched over
// the row by CSS), so it works with the keyboard, middle click and "copy link".
// The sortable columns' headers are buttons that say their order (aria-sort).
import type { SessionSummary } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { formatDateTime, formatDuration, formatNumber, formatViewport, pathOf } from '../../ui/format.ts';
import { sessionHref } from '../../router.ts';
import { t } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/messages.ts';
import { deviceLabel } from '../../ui/device-label.ts';

type SortKey = 'startedAt' | 'duration' | 'clicks' | 'rage';
const COLUMNS = [
  ['sessions.col.started', 'startedAt'],
  ['sessions.col.duration', 'duration'],
  ['sessions.col.entryPage', null],
  ['sessions.col.pages', null],
  ['sessions.col.clicks', 'clicks'],
  ['sessions.col.rage', 'rage'],
  ['sessions.col.device', null],
  ['sessions.col.browserOs', null],
  ['sessions.col.viewport', null],
] as const satisfies readonly (readonly [MessageKey, SortKey | null])[];

/** The marks a researcher scans for: frustration, an answer, a known visitor. */
function marks(s: SessionSummary): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (s.rageClicks > 0) out.push(h('span', { class: 'badge badge--rage', title: t('sessions.mark.rageTitle', { count: s.rageClicks }) }, t('sessions.mark.rage')));
  if (s.deadClicks > 0) out.push(h('span', { class: 'badge badge--dead', title: t('sessions.mark.deadTitle', { count: s.deadClicks }) }, t('sessions.mark.dead')));
  if (s.answered) out.push(h('span', { class: 'badge badge--answered', title: t('sessions.mark.answeredTitle') }, t('sessions.mark.answered')));
  if (s.identified) out.push(h('span', { class: 'badge badge--identified', title: t('sessions.mark.identifiedTitle') }, t('sessions.mark.identified')));
  return out;
}

function sessionRow(s: SessionSummary): HTMLTableRowElement {
  const missing = s.gaps.length > 0 ? h('span', { class: 'badge badge--warning', title: t('sessions.mark.incompleteTitle', { chunks: s.gaps.join(', ') }) }, t('sessions.mark.incomplete')) : null;
  return h(
    'tr',
    { 'data-session-id': s.id },
    h('td', null, h('a', { class: 'row-link', href: sessionHref(s.id) }, formatDateTime(s.startedAt)), missing, h('span', { class: 'marks' }, marks(s)),
      s.tags.length ? h('ul', { class: 'tag-chips', 'aria-label': t('sessions.tags') }, s.tags.map((tag) => h('li', { class: 'tag-chip' }, tag))) : null),
    h('td', { class: 'num' }, formatDuration(s.duration)),
    h('td', { class: 'url', title: s.entryUrl }, pathOf(s.entryUrl)),
    h('td', { class: 'num' }, formatNumber(s.pages)),
    h('td', { class: 'num' }, formatNumber(s.clicks)),
    h('td', { class: 'num' }, formatNumber(s.rageClicks)),
    h('td', null, deviceLabel(s.device)),
    h('td', null, [s.browser, s.os].filter(Boolean).join(' · ') || '—'),
    h('td', { class: 'num' }, formatViewport(s.viewport.width, s.viewport.height)),
  );
}

/** `sort`: the list's order as the API names it ('-duration'; '' is newest first). `onSort` gets the next one for a clicked header. */
function header(sort: string, onSort: (sort: string) => void): HTMLTableRowElement {
  const current = sort || '-startedAt';
  return h('tr', null, COLUMNS.map(([labelKey, key]) => {
    const label = t(labelKey);
    if (!key) return h('th', { scope: 'col' }, label);
    const order = current === key ? 'ascending' : current === `-${key}` ? 'descending' : 'none';
    const button = h('button', { type: 'button', class: 'sort-button', 'data-sort': key, title: t('sessions.sortBy', { column: label }) }, label, h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, order === 'ascending' ? ' ▲' : order === 'descending' ? ' ▼' : ''));
    // First click sorts the largest (or newest) first; a second click turns it round.
    button.addEventListener('click', () => onSort(order === 'descending' ? key : `-${key}`));
    return h('th', { scope: 'col', 'aria-sort': order }, button);
  }));
}

export function sessionTable(sort = '', onSort: (sort: string) => void = () => undefined): { table: HTMLTableElement; addSessions(sessions: SessionSummary[]): void; addNewest(s: SessionSummary): void } {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'sessions', 'data-testid': 'sessions-table' },
    h('caption', { class: 'visually-hidden' }, t('sessions.table.caption')),
    h('thead', null, header(sort, onSort)),
    body,
  );
  return {
    table,
    addSessions: (sessions) => body.append(...sessions.map(sessionRow)),
    // A session announced live goes on top, once.
    addNewest: (s) => {
      if (!body.querySelector(`tr[data-session-id="${CSS.escape(s.id)}"]`)) body.prepend(sessionRow(s));
    },
  };
}
