// Adding a site: its name, the origins its pages are served from, how long its data is
// kept, its privacy mode and the image addresses strict mode may record. The answer is
// its key and the tag for its pages.
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { createSite } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { clearErrors, originsArea, privacySelect, retentionInput, safeImagesArea, showRefusal, siteField, textLines } from './site-fields.ts';
import { snippetBox } from './site-snippet-box.ts';
import { t, tNodes } from '../../i18n/translate.ts';

export function siteForm(onCreated: (site: SiteSummary) => void): HTMLElement {
  const fields = {
    name: siteField(t('sites.field.name'), h('input', { id: 'new-site-name', name: 'name', required: true, maxlength: 100, placeholder: t('sites.namePlaceholder') })),
    origins: siteField(t('sites.field.origins'), originsArea('new-site-origins', []), t('sites.hint.newOrigins')),
    retentionDays: siteField(t('sites.field.retention'), retentionInput('new-site-retention', 90)),
    privacy: siteField(t('sites.field.privacy'), privacySelect('new-site-privacy', 'strict')),
    safeImages: siteField(t('sites.field.safeImages'), safeImagesArea('new-site-safe-images', []), t('sites.hint.newSafeImages')),
  };
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('sites.add'));
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'site-form', 'aria-label': t('sites.form'), novalidate: true }, h('div', { class: 'site-form__row' }, fields.name.element, fields.retentionDays.element, fields.privacy.element), fields.origins.element, fields.safeImages.element, h('div', { class: 'filters__actions' }, submit), problem);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    problem.textContent = '';
    try {
      const site = await createSite({
        name: fields.name.control.value.trim(),
        origins: textLines(fields.origins.control.value),
        retentionDays: Number(fields.retentionDays.control.value),
        privacy: fields.privacy.control.value as 'strict' | 'balanced',
        safeImages: textLines(fields.safeImages.control.value),
      });
      clearErrors(fields);
      replaceChildren(
        outcome,
        h('div', { class: 'notice notice--ok', role: 'status' }, h('p', null, h('strong', null, ...tNodes('sites.added', { name: site.name, key: h('code', { 'data-testid': 'new-site-key' }, site.key) }))), snippetBox(site, 'new-site-snippet')),
      );
      form.reset();
      onCreated(site);
    } catch (err) {
      problem.textContent = showRefusal(err, fields) ?? '';
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { 'aria-label': t('sites.addSection') }, h('h2', null, t('sites.new')), form, outcome);
}
