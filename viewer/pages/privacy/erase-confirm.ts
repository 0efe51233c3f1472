// The second step before an erasure, inline under the visitor's row rather than
// window.confirm: it says exactly what goes, screen readers are moved to it, and
// the button that erases is not where "Erase…" was, so a double click only opens it.
import { h } from '../../ui/dom.ts';
import { formatList } from '../../ui/format.ts';
import { t, tNodes } from '../../i18n/translate.ts';
import { messageOf } from '../../ui/notice.ts';

export interface EraseConfirmOptions {
  visitorId: string;
  sessions: number;
  sites: string[];
  erase(): Promise<void>;
  cancel(): void;
}

let count = 0;

export function eraseConfirmation(o: EraseConfirmOptions): HTMLElement {
  const titleId = `erase-title-${++count}`;
  const error = h('p', { class: 'form-error', role: 'alert' });
  const confirm = h('button', { type: 'button', class: 'button button--danger' }, t('privacy.eraseForGood'));
  const cancel = h('button', { type: 'button', class: 'button' }, t('privacy.cancel'));
  const panel = h(
    'div',
    { class: 'erase-confirm', role: 'group', 'aria-labelledby': titleId, tabindex: '-1' },
    h('p', { id: titleId }, h('strong', null, tNodes('privacy.eraseQuestion', { id: h('code', null, o.visitorId) }))),
    h(
      'p',
      null,
      `${t('privacy.eraseWhat', { count: o.sessions, sites: formatList(o.sites) })} `,
      t('privacy.eraseFinal'),
    ),
    error,
    h('div', { class: 'erase-confirm__actions' }, confirm, cancel),
  );
  confirm.addEventListener('click', async () => {
    confirm.disabled = cancel.disabled = true;
    confirm.textContent = t('privacy.erasing');
    error.textContent = '';
    try {
      await o.erase();
    } catch (err) {
      error.textContent = messageOf(err);
      confirm.disabled = cancel.disabled = false;
      confirm.textContent = t('privacy.eraseForGood');
    }
  });
  cancel.addEventListener('click', o.cancel);
  return panel;
}
