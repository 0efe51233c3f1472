// /viewer/tokens (admins): who may use Einblick. Create a token (its secret is shown
// once), see when each was last used, revoke one at once.
import type { Me } from '../../../contract/schemas/index.ts';
import { listTokens } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { tokenForm } from './token-form.ts';
import { tokenTable } from './token-table.ts';

export function showTokens(main: HTMLElement, me: Me, signal: AbortSignal): void {
  document.title = 'Tokens · Einblick';
  const list = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': 'Tokens' }, loadingNotice());
  const reload = () => {
    listTokens(signal).then(
      (tokens) => replaceChildren(list, h('h2', null, 'All tokens'), h('div', { class: 'table-scroll' }, tokenTable(tokens, reload))),
      (err) => void (isAbort(err) || replaceChildren(list, errorNotice(err))),
    );
  };
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, 'Tokens'),
    h('p', { class: 'lede' }, `Each person or script gets its own token, so the audit trail says who did what and one can be revoked without the others. You are signed in as ${me.label}. EINBLICK_ADMIN_TOKEN is rotated by changing it and restarting.`),
    tokenForm(reload),
    list,
  );
  reload();
}
