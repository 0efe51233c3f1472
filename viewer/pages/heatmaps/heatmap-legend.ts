// What the colours mean, for the layer on show, and the switch between layers.
import type { ScrollMap } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatShare } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import { heatGradientCss } from './heat-canvas.ts';
import { peakLabel } from './peak-label.ts';
import type { Layer } from './heatmap-stage.ts';

export const LAYERS: readonly Layer[] = ['clicks', 'scroll', 'frustration'];

export function layerSwitch(current: Layer, onChange: (layer: Layer) => void): HTMLElement {
  const buttons = LAYERS.map((layer) => {
    const button = h('button', { type: 'button', class: 'segmented__option', 'aria-pressed': String(layer === current), 'data-layer': layer }, t(`heatmaps.layer.${layer}`));
    button.addEventListener('click', () => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      onChange(layer);
    });
    return button;
  });
  return h('div', { class: 'segmented', role: 'group', 'aria-label': t('heatmaps.layer') }, buttons);
}

/** The click legend; `setPeak` puts the hottest spot's click count at the red end. */
export function clickLegend(): { element: HTMLElement; setPeak(peak: number): void } {
  const bar = h('span', { class: 'legend__bar' });
  bar.style.background = heatGradientCss();
  const max = h('span', null, '');
  const element = h(
    'div',
    { class: 'legend', 'data-layer-legend': 'clicks' },
    bar,
    h('span', { class: 'legend__scale' }, h('span', null, '0'), max),
    h('p', { class: 'hint' }, t('heatmaps.legend.clicksHint')),
  );
  return {
    element,
    setPeak: (peak) => {
      max.textContent = peakLabel(peak);
    },
  };
}

export function scrollLegend(map: ScrollMap): HTMLElement {
  const bar = h('span', { class: 'legend__bar legend__bar--scroll' });
  return h(
    'div',
    { class: 'legend', 'data-layer-legend': 'scroll' },
    bar,
    h('span', { class: 'legend__scale' }, h('span', null, t('heatmaps.legend.allViews')), h('span', null, t('heatmaps.legend.none'))),
    h('p', { class: 'hint' }, map.pageViews > 0 ? t('heatmaps.legend.scrollHint', { fold: formatShare(map.fold) }) : t('heatmaps.legend.noViews')),
  );
}

export function frustrationLegend(): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'data-layer-legend': 'frustration' },
    h('p', null, h('span', { class: 'frustration-key frustration-key--rage' }), t('heatmaps.legend.rage')),
    h('p', null, h('span', { class: 'frustration-key frustration-key--dead' }), t('heatmaps.legend.dead')),
    h('p', { class: 'hint' }, t('heatmaps.legend.markerCount')),
  );
}
