// What the colours mean, for the layer on show, and the switch between layers.
import type { ScrollMap } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatShare } from '../../ui/format.ts';
import { peakClicksLabel } from '../../../contract/heat-legend.ts';
import { heatGradientCss } from './heat-canvas.ts';
import type { Layer } from './heatmap-stage.ts';

export const LAYERS: readonly { layer: Layer; label: string }[] = [
  { layer: 'clicks', label: 'Clicks' },
  { layer: 'scroll', label: 'Scroll' },
  { layer: 'frustration', label: 'Frustration' },
];

export function layerSwitch(current: Layer, onChange: (layer: Layer) => void): HTMLElement {
  const buttons = LAYERS.map(({ layer, label }) => {
    const button = h('button', { type: 'button', class: 'segmented__option', 'aria-pressed': String(layer === current), 'data-layer': layer }, label);
    button.addEventListener('click', () => {
      for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
      onChange(layer);
    });
    return button;
  });
  return h('div', { class: 'segmented', role: 'group', 'aria-label': 'Layer' }, buttons);
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
    h('p', { class: 'hint' }, 'Clicks per spot, counted within a finger’s width; red is the hottest spot.'),
  );
  return {
    element,
    setPeak: (peak) => {
      max.textContent = peakClicksLabel(peak);
    },
  };
}

export function scrollLegend(map: ScrollMap): HTMLElement {
  const bar = h('span', { class: 'legend__bar legend__bar--scroll' });
  return h(
    'div',
    { class: 'legend', 'data-layer-legend': 'scroll' },
    bar,
    h('span', { class: 'legend__scale' }, h('span', null, 'all page views'), h('span', null, 'none')),
    h('p', { class: 'hint' }, map.pageViews > 0 ? `The page darkens where fewer page views got to. Dashed line: the average fold, ${formatShare(map.fold)} down the page. Hover a band for its share.` : 'No page views in this period.'),
  );
}

export function frustrationLegend(): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'data-layer-legend': 'frustration' },
    h('p', null, h('span', { class: 'frustration-key frustration-key--rage' }), 'Rage click: 3 quick clicks in one spot'),
    h('p', null, h('span', { class: 'frustration-key frustration-key--dead' }), 'Dead click: nothing happened after it'),
    h('p', { class: 'hint' }, 'A number is how many clicks share that spot.'),
  );
}
