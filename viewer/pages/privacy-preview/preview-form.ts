// The privacy preview's form: which page, under which privacy mode. The registered
// sites' origins and this server are offered as suggestions, since only those can be previewed.
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { t } from '../../i18n/translate.ts';

export type PreviewPrivacy = 'strict' | 'balanced';

export function previewForm(sites: SiteSummary[], onPreview: (url: string, privacy: PreviewPrivacy) => Promise<void>): HTMLFormElement {
  const suggestions = [...new Set([`${location.origin}/demo`, ...sites.flatMap((s) => s.origins.map((o) => `${o}/`))])];
  const url = h('input', { id: 'p-url', name: 'url', type: 'url', required: true, list: 'p-url-suggestions', placeholder: 'https://shop.example/checkout', maxlength: 2048, autocomplete: 'off', 'aria-describedby': 'p-hint' });
  const privacy = h('select', { id: 'p-privacy', name: 'privacy' }, option('strict', t('preview.mode.strictOption'), 'strict'), option('balanced', t('preview.mode.balancedOption'), 'strict'));
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('preview.submit'));
  const form = h(
    'form',
    { class: 'filters preview-form', 'aria-label': t('preview.form') },
    h('div', { class: 'field preview-form__url' }, h('label', { for: 'p-url' }, t('preview.url')), url),
    h('datalist', { id: 'p-url-suggestions' }, suggestions.map((s) => h('option', { value: s }))),
    field(t('preview.mode'), privacy),
    h('div', { class: 'filters__actions' }, submit),
    h(
      'p',
      { id: 'p-hint', class: 'hint' },
      t('preview.hint'),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await onPreview(url.value.trim(), privacy.value === 'balanced' ? 'balanced' : 'strict');
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
