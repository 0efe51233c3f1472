// Every token with its role and dates; a live one has a Revoke button that asks once more.
import type { TokenInfo } from '../../../contract/schemas/index.ts';
import { revokeToken } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatDateTime } from '../../ui/format.ts';
import { messageOf } from '../../ui/notice.ts';

const COLUMNS = ['Label', 'Role', 'Created', 'Last used', 'Status', ''];

const when = (ms: number | null) => (ms === null ? '—' : h('time', { datetime: new Date(ms).toISOString() }, formatDateTime(ms)));

function revokeCell(t: TokenInfo, onRevoked: () => void): HTMLElement {
  const cell = h('td');
  if (t.revokedAt !== null) return cell;
  const ask = h('button', { type: 'button', class: 'button button--quiet' }, 'Revoke', h('span', { class: 'visually-hidden' }, ` ${t.label}`));
  ask.addEventListener('click', () => {
    const confirm = h('button', { type: 'button', class: 'button button--danger' }, `Revoke ${t.label} now`);
    const cancel = h('button', { type: 'button', class: 'button button--quiet' }, 'Keep it');
    const problem = h('p', { class: 'hint', role: 'status' });
    cancel.addEventListener('click', () => replaceChildren(cell, ask));
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await revokeToken(t.id);
        onRevoked();
      } catch (err) {
        confirm.disabled = false;
        problem.textContent = messageOf(err);
      }
    });
    replaceChildren(cell, h('p', { class: 'hint' }, 'It stops working at once, and whoever is signed in with it is signed out.'), confirm, cancel, problem);
    confirm.focus();
  });
  cell.append(ask);
  return cell;
}

export function tokenTable(tokens: TokenInfo[], onRevoked: () => void): HTMLTableElement {
  return h(
    'table',
    { class: 'records', 'data-testid': 'token-table' },
    h('caption', { class: 'visually-hidden' }, 'Tokens, oldest first'),
    h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      tokens.map((t) =>
        h(
          'tr',
          { 'data-token': t.id, class: t.revokedAt === null ? null : 'is-revoked' },
          h('td', null, t.label),
          h('td', null, h('span', { class: 'badge' }, t.role)),
          h('td', null, when(t.createdAt)),
          h('td', null, when(t.lastUsedAt)),
          h('td', null, t.revokedAt === null ? 'Active' : h('span', null, 'Revoked ', when(t.revokedAt))),
          revokeCell(t, onRevoked),
        ),
      ),
    ),
  );
}
