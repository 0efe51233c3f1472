// /viewer/tokens (admins): who may use Einblick. Create a token (its secret is shown
// once), see when each was last used, revoke one at once.
import type { Me } from '../../../contract/schemas/index.ts';
import { listTokens } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { tokenForm } from './token-form.ts';
import { tokenTable } from './token-table.ts';
import { t } from '../../i18n/translate.ts';

export function showTokens(main: HTMLElement, me: Me, signal: AbortSignal): void {
  document.title = `${t('tokens.title')} · Einblick`;
  const list = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': t('tokens.results') }, loadingNotice());
  const reload = () => {
    listTokens(signal).then(
      (tokens) => replaceChildren(list, h('h2', null, t('tokens.all')), h('div', { class: 'table-scroll' }, tokenTable(tokens, reload))),
      (err) => void (isAbort(err) || replaceChildren(list, errorNotice(err))),
    );
  };
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, t('tokens.title')),
    h('p', { class: 'lede' }, t('tokens.lede', { label: me.label })),
    tokenForm(reload),
    list,
  );
  reload();
}
