// The tag to paste into a site's pages, with a button that copies it.
import type { SiteSummary } from '../../../contract/schemas/index.ts';
import { siteSnippet } from '../../../contract/site-snippet.ts';
import { h } from '../../ui/dom.ts';

export function snippetBox(site: SiteSummary, id: string): HTMLElement {
  // The viewer is served by the Einblick that takes the data: the tag points where this page came from.
  const text = siteSnippet(location.origin, site);
  const area = h('textarea', { id, readonly: true, rows: 2, spellcheck: 'false', class: 'snippet', 'data-testid': 'site-snippet' }, text);
  const status = h('span', { class: 'hint', role: 'status' });
  const copy = h('button', { type: 'button', class: 'button' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = 'Copied.';
    } catch {
      // No clipboard access (an http origin other than localhost, a denied permission): leave it selected to copy by hand.
      area.select();
      status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  return h('div', { class: 'snippet-box' }, h('label', { for: id }, 'Put this on every page of the site'), area, h('div', { class: 'snippet-box__actions' }, copy, status));
}
