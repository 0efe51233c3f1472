// For admins on the survey page: where a site's low scores are sent (PATCH /sites/:key).
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { setSiteWebhook } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { messageOf } from '../../ui/notice.ts';
import { t } from '../../i18n/translate.ts';

export function webhookForm(site: SiteSummary): HTMLFormElement {
  const id = `webhook-${site.key}`;
  const url = h('input', { id, name: 'webhookUrl', type: 'url', value: site.webhookUrl ?? '', placeholder: 'https://hooks.example/einblick', maxlength: 500 });
  const status = h('p', { class: 'hint', role: 'status' });
  const save = h('button', { type: 'submit', class: 'button' }, t('surveys.save'));
  const form = h(
    'form',
    { class: 'webhook-form', 'aria-label': t('surveys.webhook.form', { site: site.name }) },
    h('label', { for: id }, t('surveys.webhook.label', { site: site.name })),
    h('div', { class: 'webhook-form__row' }, url, save),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const saved = await setSiteWebhook(site.key, url.value.trim() || null);
      status.textContent = saved.webhookUrl ? t('surveys.webhook.saved') : t('surveys.webhook.savedNone');
    } catch (err) {
      status.textContent = messageOf(err);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
