// Creating a token: its secret is shown here once, since the server keeps only its hash.
import type { Role } from '../../../contract/schemas/index.ts';
import { createToken } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { errorNotice } from '../../ui/notice.ts';

const ROLES: [Role, string][] = [
  ['researcher', 'Researcher: sessions, replays, heatmaps, survey results'],
  ['privacy', 'Privacy: export, erase, audit trail'],
  ['admin', 'Admin: everything, plus sites, surveys and tokens'],
];

export function tokenForm(onCreated: () => void): HTMLElement {
  const label = h('input', { id: 'token-label', name: 'label', required: true, maxlength: 100, placeholder: 'Who or what uses it, e.g. Ana (research)' });
  const role = h('select', { id: 'token-role', name: 'role' }, ROLES.map(([value, text]) => option(value, text, 'researcher')));
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Create token');
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', 'aria-label': 'New token' }, field('Label', label), field('Role', role), h('div', { class: 'filters__actions' }, submit));
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
          h('p', null, h('strong', null, `Token for ${created.label} (${created.role}), shown only now: copy it and hand it over safely.`)),
          field('Token', secret),
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
  return h('section', { 'aria-label': 'Create a token' }, h('h2', null, 'New token'), form, outcome);
}
