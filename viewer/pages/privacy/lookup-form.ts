// The privacy desk's one search field, with what kind of id it is. The query stays
// in the page, never in its URL: an email typed here must not end up in the
// browser history, and autocomplete is off so the browser does not remember it either.
import type { LookupBy } from '../../api.ts';
import { h } from '../../ui/dom.ts';

interface Kind {
  by: LookupBy;
  option: string;
  label: string;
  placeholder: string;
  maxlength: number;
}

const KINDS: readonly Kind[] = [
  { by: 'externalId', option: 'External id (email, customer number)', label: 'External id', placeholder: 'name@example.com', maxlength: 256 },
  { by: 'visitorId', option: 'Visitor id', label: 'Visitor id', placeholder: 'from a consent receipt or an export', maxlength: 64 },
  { by: 'sessionId', option: 'Session id', label: 'Session id', placeholder: 'from a replay link', maxlength: 64 },
];

export function lookupForm(onLookup: (by: LookupBy, value: string) => Promise<void>): HTMLFormElement {
  const by = h('select', { id: 'l-by', name: 'by' }, KINDS.map((k) => h('option', { value: k.by }, k.option)));
  const label = h('label', { for: 'l-value' });
  const value = h('input', { id: 'l-value', name: 'value', type: 'search', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'l-hint' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Look up');
  const kind = () => KINDS.find((k) => k.by === by.value) ?? KINDS[0]!;
  const showKind = () => {
    const k = kind();
    label.textContent = k.label;
    value.placeholder = k.placeholder;
    value.maxLength = k.maxlength;
  };
  showKind();
  by.addEventListener('change', showKind);

  const form = h(
    'form',
    { class: 'filters lookup', role: 'search', 'aria-label': 'Find a person' },
    h('div', { class: 'field' }, h('label', { for: 'l-by' }, 'Search by'), by),
    h('div', { class: 'field lookup__value' }, label, value),
    h('div', { class: 'filters__actions' }, submit),
    h('p', { id: 'l-hint', class: 'hint lookup__hint' }, 'External ids are matched by a keyed hash of what you type and are never stored; the audit trail notes only which kind of id was searched.'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = value.value.trim();
    if (!text) return;
    submit.disabled = true;
    try {
      await onLookup(kind().by, text);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
