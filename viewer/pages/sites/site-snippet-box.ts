// The tag to paste into a site's pages, with a button that copies it.
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { siteSnippet } from '../../../contract/site-snippet.ts';
import { h } from '../../ui/dom.ts';
import { t } from '../../i18n/translate.ts';

export function snippetBox(site: SiteSummary, id: string): HTMLElement {
  // The viewer is served by the Einblick that takes the data: the tag points where this page came from.
  const text = siteSnippet(location.origin, site);
  const area = h('textarea', { id, readonly: true, rows: 2, spellcheck: 'false', class: 'snippet', 'data-testid': 'site-snippet' }, text);
  const status = h('span', { class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button', class: 'button' }, t('sites.snippet.copy'));
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = t('sites.snippet.copied');
    } catch {
      // No clipboard access (an http origin other than localhost, a denied permission): leave it selected to copy by hand.
      area.select();
      status.textContent = t('sites.snippet.selected');
    }
  });
  return h('div', { class: 'snippet-box' }, h('label', { for: id }, t('sites.snippet.label')), area, h('div', { class: 'snippet-box__actions' }, copy, status));
}
