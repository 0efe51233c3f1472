// The most clicked elements of the page. Each selector is a button: choosing it
// outlines that element on the page, so a researcher sees which "#btn-3" it is.
import type { ClickHeatmap } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatNumber, formatShare } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import { elementLabel } from './element-label.ts';

/** `highlight` answers false when the element is not on the rebuilt page. */
export function topElementsTable(top: ClickHeatmap['top'], highlight: (selector: string) => boolean): HTMLTableElement {
  const rows = top.map((el) => {
    const button = h('button', { type: 'button', class: 'selector-button', title: t('heatmaps.top.show', { element: elementLabel(el.selector) }) }, el.selector.trim() ? h('code', null, el.selector) : elementLabel(el.selector));
    const row = h(
      'tr',
      { 'data-selector': el.selector },
      h('td', { class: 'selector' }, button),
      h('td', { class: 'num' }, formatNumber(el.clicks)),
      h('td', { class: 'num' }, formatShare(el.share)),
    );
    button.addEventListener('click', () => {
      for (const other of rows) other.removeAttribute('aria-selected');
      row.setAttribute('aria-selected', 'true');
      const found = highlight(el.selector);
      button.title = found ? t('heatmaps.top.shown') : t('heatmaps.top.notFound');
      row.classList.toggle('not-found', !found);
    });
    return row;
  });
  return h(
    'table',
    { class: 'records top-elements', 'data-testid': 'top-elements' },
    h('caption', { class: 'visually-hidden' }, t('heatmaps.top.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('heatmaps.top.element')), h('th', { scope: 'col', class: 'num' }, t('heatmaps.top.clicks')), h('th', { scope: 'col', class: 'num' }, t('heatmaps.top.share')))),
    h('tbody', null, rows),
  );
}
