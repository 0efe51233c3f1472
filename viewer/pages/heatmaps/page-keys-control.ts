// For admins, beside the heatmap: which query parameters make a page of this site
// distinct (its pageQueryKeys), so /shop?page=account is not drawn over /shop. The
// full site settings live elsewhere; this is the one a heatmap reader needs at hand.
import { setPageQueryKeys } from '../../api.ts';
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice } from '../../ui/notice.ts';
import { t } from '../../i18n/translate.ts';

/** "page, lang" → ["page", "lang"]: commas or spaces between, blanks dropped; the server checks each. */
export const parseQueryKeys = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

export function pageKeysControl(site: SiteSummary): HTMLElement {
  const input = h('input', { id: 'page-query-keys', type: 'text', value: site.pageQueryKeys.join(', '), spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'page-query-keys-hint' });
  const save = h('button', { type: 'submit', class: 'button' }, t('heatmaps.keys.save'));
  const status = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'page-keys', 'data-testid': 'page-keys' },
    h('label', { for: 'page-query-keys' }, t('heatmaps.keys.label')),
    h('div', { class: 'page-keys__row' }, input, save),
    h('p', { class: 'hint', id: 'page-query-keys-hint' }, t('heatmaps.keys.hint')),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    save.disabled = true;
    setPageQueryKeys(site.key, parseQueryKeys(input.value)).then(
      (saved) => {
        input.value = saved.pageQueryKeys.join(', ');
        replaceChildren(status, h('p', { class: 'hint' }, t('heatmaps.keys.saved')));
      },
      (err: unknown) => replaceChildren(status, errorNotice(err)),
    ).finally(() => (save.disabled = false));
  });
  return h('details', { class: 'page-keys-panel' }, h('summary', null, t('heatmaps.keys.summary')), form);
}
