// The second step before an erasure, inline under the visitor's row rather than
// window.confirm: it says exactly what goes, screen readers are moved to it, and
// the button that erases is not where "Erase…" was, so a double click only opens it.
import { h } from '../../ui/dom.ts';
import { plural } from '../../ui/format.ts';
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
  const confirm = h('button', { type: 'button', class: 'button button--danger' }, 'Erase for good');
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const panel = h(
    'div',
    { class: 'erase-confirm', role: 'group', 'aria-labelledby': titleId, tabindex: '-1' },
    h('p', { id: titleId }, h('strong', null, 'Erase visitor ', h('code', null, o.visitorId), ' for good?')),
    h(
      'p',
      null,
      `This deletes ${plural(o.sessions, 'session')} on ${o.sites.join(', ')} with their recordings, page views and clicks, and the visitor record itself. `,
      'It cannot be undone. The audit trail keeps who erased it and when, with a hash instead of the visitor id.',
    ),
    error,
    h('div', { class: 'erase-confirm__actions' }, confirm, cancel),
  );
  confirm.addEventListener('click', async () => {
    confirm.disabled = cancel.disabled = true;
    confirm.textContent = 'Erasing…';
    error.textContent = '';
    try {
      await o.erase();
    } catch (err) {
      error.textContent = messageOf(err);
      confirm.disabled = cancel.disabled = false;
      confirm.textContent = 'Erase for good';
    }
  });
  cancel.addEventListener('click', o.cancel);
  return panel;
}
