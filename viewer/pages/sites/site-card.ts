// One site: its settings as they are, and an Edit button that turns them into a form.
// Save sends only what changed (PATCH /sites/:key); a refusal is shown at its field and
// nothing of the change is kept, so what is shown after Save is always the site as stored.
import type { SiteChange, SiteSummary } from '../../../contract/schemas/index.ts';
import { changeSite } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { clearErrors, originLines, originsArea, privacySelect, retentionInput, showRefusal, siteField } from './site-fields.ts';
import { snippetBox } from './site-snippet-box.ts';

const PRIVACY_TEXT: Record<string, string> = {
  strict: 'strict: all text masked but what the page unmasks',
  balanced: 'balanced: text shown, personal data in it masked',
};

const queryKeyList = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function settings(site: SiteSummary): HTMLElement {
  const row = (term: string, ...value: (Node | string)[]) => [h('dt', null, term), h('dd', null, ...value)];
  const list = (items: readonly string[], none: string) => (items.length ? h('ul', { class: 'plain-list' }, items.map((i) => h('li', null, h('code', null, i)))) : h('span', { class: 'hint' }, none));
  return h(
    'dl',
    { class: 'site-settings' },
    row('Key', h('code', null, site.key)),
    row('Origins', list(site.origins, 'none: only this server\'s own pages (the demo) may send data')),
    row('Keeps data for', `${site.retentionDays} days`),
    row('Privacy mode', PRIVACY_TEXT[site.privacy] ?? site.privacy),
    row('Page query keys', list(site.pageQueryKeys, 'none (utm_* are always kept)')),
    row('Survey webhook', site.webhookUrl ? h('code', null, site.webhookUrl) : h('span', { class: 'hint' }, 'none')),
  );
}

function editor(site: SiteSummary, done: (saved: SiteSummary | null) => void): HTMLFormElement {
  const id = (name: string) => `site-${site.key}-${name}`;
  const fields = {
    name: siteField('Name', h('input', { id: id('name'), name: 'name', required: true, maxlength: 100, value: site.name })),
    origins: siteField('Origins', originsArea(id('origins'), site.origins), 'One a line, e.g. https://shop.example. An origin left out may send no more data, at once.'),
    retentionDays: siteField('Keep data for (days)', retentionInput(id('retention'), site.retentionDays)),
    privacy: siteField('Privacy mode', privacySelect(id('privacy'), site.privacy)),
    pageQueryKeys: siteField('Page query keys', h('input', { id: id('query-keys'), name: 'pageQueryKeys', value: site.pageQueryKeys.join(', '), spellcheck: 'false', placeholder: 'page, tab' }), 'Query keys whose values strict mode keeps (pages are grouped by them). Put the same in data-query-keys.'),
    webhookUrl: siteField('Survey webhook URL', h('input', { id: id('webhook'), name: 'webhookUrl', type: 'url', maxlength: 500, value: site.webhookUrl ?? '', placeholder: 'https://hooks.example/einblick' }), 'Low scores are sent there with a link to the replay. Empty: none.'),
  };
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', class: 'button button--primary' }, 'Save');
  const cancel = h('button', { type: 'button', class: 'button button--quiet' }, 'Cancel');
  cancel.addEventListener('click', () => done(null));
  const form = h(
    'form',
    { class: 'site-form', 'aria-label': `Settings of ${site.name}`, novalidate: true },
    h('div', { class: 'site-form__row' }, fields.name.element, fields.retentionDays.element, fields.privacy.element),
    fields.origins.element,
    h('div', { class: 'site-form__row' }, fields.pageQueryKeys.element, fields.webhookUrl.element),
    h('div', { class: 'filters__actions' }, save, cancel),
    problem,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const change: SiteChange = {};
    const name = fields.name.control.value.trim();
    const origins = originLines(fields.origins.control.value);
    const retentionDays = Number(fields.retentionDays.control.value);
    const privacy = fields.privacy.control.value as 'strict' | 'balanced';
    const pageQueryKeys = queryKeyList(fields.pageQueryKeys.control.value);
    const webhookUrl = fields.webhookUrl.control.value.trim() || null;
    if (name !== site.name) change.name = name;
    if (!sameList(origins, site.origins)) change.origins = origins;
    if (retentionDays !== site.retentionDays) change.retentionDays = retentionDays;
    if (privacy !== site.privacy) change.privacy = privacy;
    if (!sameList(pageQueryKeys, site.pageQueryKeys)) change.pageQueryKeys = pageQueryKeys;
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
    const edit = h('button', { type: 'button', class: 'button' }, 'Edit', h('span', { class: 'visually-hidden' }, ` ${site.name}`));
    edit.addEventListener('click', () => {
      status.textContent = '';
      const form = editor(site, (saved) => {
        if (saved) {
          site = saved;
          status.textContent = 'Saved.';
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
      h('details', { class: 'site-card__snippet' }, h('summary', null, 'The tag for its pages'), snippetBox(site, `site-${site.key}-snippet`)),
    );
  };
  show();
  return card;
}
