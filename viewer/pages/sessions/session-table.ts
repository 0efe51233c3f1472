// The sessions table. Each row is one real link to the replay (stretched over
// the row by CSS), so it works with the keyboard, middle click and "copy link".
import type { SessionSummary } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { capitalize, formatDateTime, formatDuration, formatViewport, pathOf } from '../../ui/format.ts';
import { sessionHref } from '../../router.ts';

const COLUMNS = ['Started', 'Duration', 'Entry page', 'Pages', 'Clicks', 'Device', 'Viewport'];

function sessionRow(s: SessionSummary): HTMLTableRowElement {
  const missing = s.gaps.length > 0 ? h('span', { class: 'badge badge--warning', title: `Chunks missing: ${s.gaps.join(', ')}` }, 'incomplete') : null;
  return h(
    'tr',
    { 'data-session-id': s.id },
    h('td', null, h('a', { class: 'row-link', href: sessionHref(s.id) }, formatDateTime(s.startedAt)), missing),
    h('td', { class: 'num' }, formatDuration(s.duration)),
    h('td', { class: 'url', title: s.entryUrl }, pathOf(s.entryUrl)),
    h('td', { class: 'num' }, s.pages),
    h('td', { class: 'num' }, s.clicks),
    h('td', null, capitalize(s.device)),
    h('td', { class: 'num' }, formatViewport(s.viewport.width, s.viewport.height)),
  );
}

export function sessionTable(): { table: HTMLTableElement; addSessions(sessions: SessionSummary[]): void; addNewest(s: SessionSummary): void } {
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'sessions', 'data-testid': 'sessions-table' },
    h('caption', { class: 'visually-hidden' }, 'Recorded sessions, newest first'),
    h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
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
