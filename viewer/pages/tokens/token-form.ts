// Creating a token: its secret is shown here once, since the server keeps only its hash.
import type { Role } from '../../../contract/schemas/index.ts';
import { createToken } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { errorNotice } from '../../ui/notice.ts';
import { t } from '../../i18n/translate.ts';

const roles = (): [Role, string][] => [
  ['researcher', t('tokens.role.researcher')],
  ['privacy', t('tokens.role.privacy')],
  ['admin', t('tokens.role.admin')],
];

export function tokenForm(onCreated: () => void): HTMLElement {
  const label = h('input', { id: 'token-label', name: 'label', required: true, maxlength: 100, placeholder: t('tokens.labelPlaceholder') });
  const role = h('select', { id: 'token-role', name: 'role' }, roles().map(([value, text]) => option(value, text, 'researcher')));
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('tokens.create'));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', 'aria-label': t('tokens.form') }, field(t('tokens.label'), label), field(t('tokens.role'), role), h('div', { class: 'filters__actions' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const created = await createToken(role.value as Role, label.value.trim());
      const secret = h('input', { id: 'new-token', readonly: true, value: created.token, 'data-testid': 'new-token', size: 50, spellcheck: 'false' });
      replaceChildren(
        outcome,
        h(
          'div',
          { class: 'notice', role: 'status' },
          h('p', null, h('strong', null, t('tokens.created', { label: created.label, role: created.role }))),
          field(t('tokens.token'), secret),
        ),
      );
      form.reset();
      secret.select();
      onCreated();
    } catch (err) {
      replaceChildren(outcome, errorNotice(err));
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { 'aria-label': t('tokens.newSection') }, h('h2', null, t('tokens.new')), form, outcome);
}
