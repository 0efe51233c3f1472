// One site: its settings as they are, and an Edit button that turns them into a form.
// Save sends only what changed (PATCH /sites/:key); a refusal is shown at its field and
// nothing of the change is kept, so what is shown after Save is always the site as stored.
import type { SiteChange, SiteSummary } from '../../../contract/schemas/index.ts';
import { changeSite } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { clearErrors, originsArea, privacySelect, retentionInput, safeImagesArea, showRefusal, siteField, textLines } from './site-fields.ts';
import { snippetBox } from './site-snippet-box.ts';
import { t } from '../../i18n/translate.ts';

/** The stored mode in words; a mode this viewer does not know is shown as stored. */
const privacyText = (mode: string): string => (mode === 'strict' || mode === 'balanced' ? t(`sites.privacyText.${mode}`) : mode);

const queryKeyList = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function settings(site: SiteSummary): HTMLElement {
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', null, term), h('dd', null, ...value)];
  const list = (items: readonly string[], none: string) => (items.length ? h('ul', { class: 'plain-list' }, items.map((i) => h('li', null, h('code', null, i)))) : h('span', { class: 'hint' }, none));
  return h(
    'dl',
    { class: 'site-settings' },
    row(t('sites.setting.key'), h('code', null, site.key)),
    row(t('sites.setting.origins'), list(site.origins, t('sites.setting.originsNone'))),
    row(t('sites.setting.retention'), t('sites.setting.days', { count: site.retentionDays })),
    row(t('sites.setting.privacy'), privacyText(site.privacy)),
    row(t('sites.setting.queryKeys'), list(site.pageQueryKeys, t('sites.setting.queryKeysNone'))),
    row(t('sites.setting.safeImages'), list(site.safeImages, t('sites.setting.safeImagesNone'))),
    row(t('sites.setting.webhook'), site.webhookUrl ? h('code', null, site.webhookUrl) : h('span', { class: 'hint' }, t('sites.setting.webhookNone'))),
  );
}

function editor(site: SiteSummary, done: (saved: SiteSummary | null) => void): HTMLFormElement {
  const id = (name: string) => `site-${site.key}-${name}`;
  const fields = {
    name: siteField(t('sites.field.name'), h('input', { id: id('name'), name: 'name', required: true, maxlength: 100, value: site.name })),
    origins: siteField(t('sites.field.origins'), originsArea(id('origins'), site.origins), t('sites.hint.origins')),
    retentionDays: siteField(t('sites.field.retention'), retentionInput(id('retention'), site.retentionDays)),
    privacy: siteField(t('sites.field.privacy'), privacySelect(id('privacy'), site.privacy)),
    pageQueryKeys: siteField(t('sites.field.queryKeys'), h('input', { id: id('query-keys'), name: 'pageQueryKeys', value: site.pageQueryKeys.join(', '), spellcheck: 'false', placeholder: 'page, tab' }), t('sites.hint.queryKeys')),
    safeImages: siteField(t('sites.field.safeImages'), safeImagesArea(id('safe-images'), site.safeImages), t('sites.hint.safeImages')),
    webhookUrl: siteField(t('sites.field.webhook'), h('input', { id: id('webhook'), name: 'webhookUrl', type: 'url', maxlength: 500, value: site.webhookUrl ?? '', placeholder: 'https://hooks.example/einblick' }), t('sites.hint.webhook')),
  };
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button--primary' }, t('sites.save'));
  const cancel = h('button', { type: 'button', class: 'button button--quiet' }, t('sites.cancel'));
  cancel.addEventListener('click', () => done(null));
  const form = h(
    'form',
    { class: 'site-form', 'aria-label': t('sites.settingsOf', { name: site.name }), novalidate: true },
    h('div', { class: 'site-form__row' }, fields.name.element, fields.retentionDays.element, fields.privacy.element),
    fields.origins.element,
    h('div', { class: 'site-form__row' }, fields.pageQueryKeys.element, fields.webhookUrl.element),
    fields.safeImages.element,
    h('div', { class: 'filters__actions' }, save, cancel),
    problem,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const change: SiteChange = {};
    const name = fields.name.control.value.trim();
    const origins = textLines(fields.origins.control.value);
    const retentionDays = Number(fields.retentionDays.control.value);
    const privacy = fields.privacy.control.value as 'strict' | 'balanced';
    const pageQueryKeys = queryKeyList(fields.pageQueryKeys.control.value);
    const safeImages = textLines(fields.safeImages.control.value);
    const webhookUrl = fields.webhookUrl.control.value.trim() || null;
    if (name !== site.name) change.name = name;
    if (!sameList(origins, site.origins)) change.origins = origins;
    if (retentionDays !== site.retentionDays) change.retentionDays = retentionDays;
    if (privacy !== site.privacy) change.privacy = privacy;
    if (!sameList(pageQueryKeys, site.pageQueryKeys)) change.pageQueryKeys = pageQueryKeys;
    if (!sameList(safeImages, site.safeImages)) change.safeImages = safeImages;
    if (webhookUrl !== (site.webhookUrl ?? null)) change.webhookUrl = webhookUrl;
    if (!Object.keys(change).length) return done(null);
    save.disabled = true;
    problem.textContent = '';
    try {
      const saved = await changeSite(site.key, change);
      clearErrors(fields);
      done(saved);
    } catch (err) {
      problem.textContent = showRefusal(err, fields) ?? '';
      save.disabled = false;
    }
  });
  return form;
}

export function siteCard(initial: SiteSummary): HTMLElement {
  let site = initial;
  const card = h('article', { class: 'site-card', 'data-site': site.key, 'aria-labelledby': `site-${site.key}-title` });
  const status = h('p', { class: 'hint', role: 'status' });
  const show = () => {
    const edit = h('button', { type: 'button', class: 'button', 'aria-label': t('sites.editSite', { name: site.name }) }, t('sites.edit'));
    edit.addEventListener('click', () => {
      status.textContent = '';
      const form = editor(site, (saved) => {
        if (saved) {
          site = saved;
          status.textContent = t('sites.saved');
        }
        show();
        card.querySelector<HTMLButtonElement>('.site-card__head button')?.focus();
      });
      replaceChildren(card, h('h3', { id: `site-${site.key}-title` }, site.name), form);
      form.querySelector<HTMLElement>('input, textarea')?.focus();
    });
    replaceChildren(
      card,
      h('div', { class: 'site-card__head' }, h('h3', { id: `site-${site.key}-title` }, site.name), edit),
      status,
      settings(site),
      h('details', { class: 'site-card__snippet' }, h('summary', null, t('sites.tagFor')), snippetBox(site, `site-${site.key}-snippet`)),
    );
  };
  show();
  return card;
}
