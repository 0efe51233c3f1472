// The choice above a heatmap: site, page, device class and day range. Like the
// sessions list, it lives in the URL (/viewer/heatmaps?site=shop&page=…&device=mobile),
// so a heatmap can be shared, reloaded and restored by the back button.
import type { HeatmapPage, HeatmapQuery } from '../../api.ts';
import type { Device, SiteSummary, Survey } from '../../../contract/schemas/index.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h } from '../../ui/dom.ts';
import { field, option, surveyOption } from '../../ui/form-fields.ts';
import { pathOf } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import { deviceLabel } from '../../ui/device-label.ts';

export interface HeatmapFilters {
  site: string;
  /** The page key: URL without query and fragment. */
  page: string;
  device: Device;
  from: string;
  to: string;
  /** A survey segment (see the sessions list): only sessions that answered this survey, scoring at most scoreMax when set. */
  survey: string;
  scoreMax: string;
}

const KEYS = ['site', 'page', 'device', 'from', 'to', 'survey', 'scoreMax'] as const;
export const DEVICES: readonly Device[] = ['desktop', 'tablet', 'mobile'];

export function heatmapFiltersFromSearch(search: string): HeatmapFilters {
  const q = new URLSearchParams(search);
  const device = q.get('device') ?? '';
  return {
    site: q.get('site')?.trim() ?? '',
    page: q.get('page')?.trim() ?? '',
    device: (DEVICES as readonly string[]).includes(device) ? (device as Device) : 'desktop',
    from: q.get('from')?.trim() ?? '',
    to: q.get('to')?.trim() ?? '',
    survey: q.get('survey')?.trim() ?? '',
    scoreMax: q.get('scoreMax')?.trim() ?? '',
  };
}

/** The query string for these filters; `extra` keeps other state (the shown layer). */
export function searchFromHeatmapFilters(f: HeatmapFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const key of KEYS) if (f[key].trim()) q.set(key, f[key].trim());
  for (const [key, value] of Object.entries(extra)) if (value) q.set(key, value);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The API query for a chosen page (dates: see day-range.ts). */
export function toHeatmapQuery(f: HeatmapFilters): HeatmapQuery {
  const q: HeatmapQuery = { site: f.site, url: f.page, device: f.device, ...dayRange(f.from, f.to) };
  if (f.survey) {
    q.survey = f.survey;
    const max = Number(f.scoreMax);
    if (f.scoreMax && Number.isInteger(max) && max >= 0 && max <= 10) q.scoreMax = max;
  }
  return q;
}

export interface HeatmapFilterForm {
  form: HTMLFormElement;
  setSites(sites: SiteSummary[]): void;
  setSurveys(surveys: Survey[]): void;
  /** `keepChosen`: keep the current page in the list even when these pages lack it (it came from the URL). */
  setPages(pages: HeatmapPage[], keepChosen: boolean): void;
  /** Called when site, device or days change, so the page list can follow before "Show" is pressed. */
  onScopeChange(listener: (scope: Omit<HeatmapFilters, 'page'>) => void): void;
}

/** The filter form; `onApply` gets the new filters on submit. */
export function heatmapFilterForm(f: HeatmapFilters, onApply: (f: HeatmapFilters) => void): HeatmapFilterForm {
  const site = h('select', { id: 'hf-site', name: 'site', required: true }, f.site ? option(f.site, f.site, f.site) : option('', t('heatmaps.filter.loadingSites'), ''));
  const page = h('select', { id: 'hf-page', name: 'page' }, f.page ? option(f.page, pathOf(f.page), f.page) : option('', t('heatmaps.filter.noPages'), ''));
  const device = h('select', { id: 'hf-device', name: 'device' }, DEVICES.map((d) => option(d, deviceLabel(d), f.device)));
  const from = h('input', { id: 'hf-from', name: 'from', type: 'date', value: f.from });
  const to = h('input', { id: 'hf-to', name: 'to', type: 'date', value: f.to });
  const survey = h('select', { id: 'hf-survey', name: 'survey' }, option('', t('heatmaps.filter.everyone'), f.survey), f.survey ? option(f.survey, f.survey, f.survey) : null);
  const scoreMax = h('input', { id: 'hf-score', name: 'scoreMax', type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric', value: f.scoreMax, placeholder: t('heatmaps.filter.any') });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('heatmaps.filter.form') },
    field(t('heatmaps.filter.site'), site),
    field(t('heatmaps.filter.page'), page),
    field(t('heatmaps.filter.device'), device),
    field(t('heatmaps.filter.from'), from),
    field(t('heatmaps.filter.to'), to),
    field(t('heatmaps.filter.survey'), survey),
    field(t('heatmaps.filter.scoreMax'), scoreMax),
    h('div', { class: 'filters__actions' }, h('button', { type: 'submit', class: 'button button--primary' }, t('heatmaps.filter.show'))),
  );
  const scope = () => ({ site: site.value, device: device.value as Device, from: from.value, to: to.value, survey: survey.value, scoreMax: survey.value ? scoreMax.value : '' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({ ...scope(), page: page.value });
  });
  const listeners: ((s: Omit<HeatmapFilters, 'page'>) => void)[] = [];
  for (const control of [site, device, from, to]) control.addEventListener('change', () => listeners.forEach((l) => l(scope())));

  return {
    form,
    setSites(sites) {
      const chosen = site.value;
      site.replaceChildren(...sites.map((s) => option(s.key, s.name === s.key ? s.key : `${s.name} (${s.key})`, chosen)));
      if (chosen && !sites.some((s) => s.key === chosen)) site.append(option(chosen, chosen, chosen));
    },
    setSurveys(surveys) {
      const chosen = survey.value;
      survey.replaceChildren(option('', t('heatmaps.filter.everyone'), chosen), ...surveys.map((s) => surveyOption(s, chosen)));
      if (chosen && !surveys.some((s) => s.id === chosen)) survey.append(option(chosen, chosen, chosen));
    },
    setPages(pages, keepChosen) {
      const chosen = page.value;
      page.replaceChildren(...pages.map((p) => option(p.page, t('heatmaps.filter.pageOption', { path: pathOf(p.page), count: p.pageViews }), chosen)));
      if (pages.length === 0) page.append(option('', t('heatmaps.filter.noPages'), ''));
      else if (keepChosen && chosen && !pages.some((p) => p.page === chosen)) page.prepend(option(chosen, pathOf(chosen), chosen));
    },
    onScopeChange: (listener) => void listeners.push(listener),
  };
}
