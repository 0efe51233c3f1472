// The most clicked elements of the page. Each selector is a button: choosing it
// outlines that element on the page, so a researcher sees which "#btn-3" it is.
import type { ClickHeatmap } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatShare } from '../../ui/format.ts';
import { elementLabel } from './element-label.ts';

/** `highlight` answers false when the element is not on the rebuilt page. */
export function topElementsTable(top: ClickHeatmap['top'], highlight: (selector: string) => boolean): HTMLTableElement {
  const rows = top.map((t) => {
    const button = h('button', { type: 'button', class: 'selector-button', title: `Show ${elementLabel(t.selector)} on the page` }, t.selector.trim() ? h('code', null, t.selector) : elementLabel(t.selector));
    const row = h(
      'tr',
      { 'data-selector': t.selector },
      h('td', { class: 'selector' }, button),
      h('td', { class: 'num' }, t.clicks),
      h('td', { class: 'num' }, formatShare(t.share)),
    );
    button.addEventListener('click', () => {
      for (const other of rows) other.removeAttribute('aria-selected');
      row.setAttribute('aria-selected', 'true');
      const found = highlight(t.selector);
      button.title = found ? `Shown on the page` : 'Not on this snapshot of the page (another layout, or added later)';
      row.classList.toggle('not-found', !found);
    });
    return row;
  });
  return h(
    'table',
    { class: 'records top-elements', 'data-testid': 'top-elements' },
    h('caption', { class: 'visually-hidden' }, 'Most clicked elements'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Element'), h('th', { scope: 'col', class: 'num' }, 'Clicks'), h('th', { scope: 'col', class: 'num' }, 'Share'))),
    h('tbody', null, rows),
  );
}
