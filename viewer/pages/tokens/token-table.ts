// Every token with its role and dates; a live one has a Revoke button that asks once more.
import type { TokenInfo } from '../../../contract/schemas/index.ts';
import { revokeToken } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatDateTime } from '../../ui/format.ts';
import { messageOf } from '../../ui/notice.ts';
import { t, tNodes } from '../../i18n/translate.ts';

const columns = () => [t('tokens.col.label'), t('tokens.col.role'), t('tokens.col.created'), t('tokens.col.lastUsed'), t('tokens.col.status'), ''];

const when = (ms: number | null) => (ms === null ? '—' : h('time', { datetime: new Date(ms).toISOString() }, formatDateTime(ms)));

function revokeCell(token: TokenInfo, onRevoked: () => void): HTMLElement {
  const cell = h('td');
  if (token.revokedAt !== null) return cell;
  const ask = h('button', { type: 'button', class: 'button button--quiet' }, t('tokens.revoke'), h('span', { class: 'visually-hidden' }, ` ${token.label}`));
  ask.addEventListener('click', () => {
    const confirm = h('button', { type: 'button', class: 'button button--danger' }, t('tokens.revokeNow', { label: token.label }));
    const cancel = h('button', { type: 'button', class: 'button button--quiet' }, t('tokens.keep'));
    const problem = h('p', { class: 'hint', role: 'status' });
    cancel.addEventListener('click', () => replaceChildren(cell, ask));
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        await revokeToken(token.id);
        onRevoked();
      } catch (err) {
        confirm.disabled = false;
        problem.textContent = messageOf(err);
      }
    });
    replaceChildren(cell, h('p', { class: 'hint' }, t('tokens.revokeWarning')), confirm, cancel, problem);
    confirm.focus();
  });
  cell.append(ask);
  return cell;
}

export function tokenTable(tokens: TokenInfo[], onRevoked: () => void): HTMLTableElement {
  return h(
    'table',
    { class: 'records', 'data-testid': 'token-table' },
    h('caption', { class: 'visually-hidden' }, t('tokens.caption')),
    h('thead', null, h('tr', null, columns().map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      null,
      tokens.map((token) =>
        h(
          'tr',
          { 'data-token': token.id, class: token.revokedAt === null ? null : 'is-revoked' },
          h('td', null, token.label),
          h('td', null, h('span', { class: 'badge' }, token.role)),
          h('td', null, when(token.createdAt)),
          h('td', null, when(token.lastUsedAt)),
          h('td', null, token.revokedAt === null ? t('tokens.active') : h('span', null, tNodes('tokens.revokedAt', { when: when(token.revokedAt) }))),
          revokeCell(token, onRevoked),
        ),
      ),
    ),
  );
}
