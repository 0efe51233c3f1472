// The privacy desk's one search field, with what kind of id it is. The query stays
// in the page, never in its URL: an email typed here must not end up in the
// browser history, and autocomplete is off so the browser does not remember it either.
import type { LookupBy } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { t } from '../../i18n/translate.ts';

interface Kind {
  by: LookupBy;
  option: string;
  label: string;
  placeholder: string;
  maxlength: number;
}

/** Built when the form is, so the words are in the language showing. */
const kinds = (): readonly Kind[] => [
  { by: 'externalId', option: t('privacy.by.externalIdOption'), label: t('privacy.by.externalId'), placeholder: 'name@example.com', maxlength: 256 },
  { by: 'visitorId', option: t('privacy.by.visitorId'), label: t('privacy.by.visitorId'), placeholder: t('privacy.by.visitorIdPlaceholder'), maxlength: 64 },
  { by: 'sessionId', option: t('privacy.by.sessionId'), label: t('privacy.by.sessionId'), placeholder: t('privacy.by.sessionIdPlaceholder'), maxlength: 64 },
];

export function lookupForm(onLookup: (by: LookupBy, value: string) => Promise<void>): HTMLFormElement {
  const offered = kinds();
  const by = h('select', { id: 'l-by', name: 'by' }, offered.map((k) => h('option', { value: k.by }, k.option)));
  const label = h('label', { for: 'l-value' });
  const value = h('input', { id: 'l-value', name: 'value', type: 'search', required: true, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'l-hint' });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('privacy.lookUp'));
  const kind = () => offered.find((k) => k.by === by.value) ?? offered[0]!;
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
    { class: 'filters lookup', role: 'search', 'aria-label': t('privacy.form') },
    h('div', { class: 'field' }, h('label', { for: 'l-by' }, t('privacy.searchBy')), by),
    h('div', { class: 'field lookup__value' }, label, value),
    h('div', { class: 'filters__actions' }, submit),
    h('p', { id: 'l-hint', class: 'hint lookup__hint' }, t('privacy.lookupHint')),
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
