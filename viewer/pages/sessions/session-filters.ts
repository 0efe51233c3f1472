// The filter bar above the sessions list. Filters live in the page URL
// (/viewer/?site=demo&from=2025-01-01), so a filtered list can be shared,
// reloaded, and restored by the back button after watching a replay.
import type { SessionFilter } from '../../api.ts';
import type { SiteSummary, Survey } from '../../../contract/schemas/index.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h } from '../../ui/dom.ts';
import { field, option, surveyOption } from '../../ui/form-fields.ts';
import { capitalize } from '../../ui/format.ts';
import { BASE } from '../../router.ts';

/** Filters as the researcher typed them; every value is the raw field text. */
export interface ListFilters {
  site: string;
  from: string;
  to: string;
  url: string;
  minSeconds: string;
  device: string;
  /** A survey segment: sessions with an answer to this survey, scoring at most scoreMax when set. */
  survey: string;
  scoreMax: string;
}

const KEYS = ['site', 'from', 'to', 'url', 'minSeconds', 'device', 'survey', 'scoreMax'] as const;
const DEVICES = ['desktop', 'tablet', 'mobile'] as const;

export function filtersFromSearch(search: string): ListFilters {
  const q = new URLSearchParams(search);
  const f = {} as ListFilters;
  for (const key of KEYS) f[key] = q.get(key)?.trim() ?? '';
  return f;
}

export function searchFromFilters(f: ListFilters): string {
  const q = new URLSearchParams();
  for (const key of KEYS) if (f[key].trim()) q.set(key, f[key].trim());
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function hasFilters(f: ListFilters): boolean {
  return KEYS.some((key) => f[key] !== '');
}

/** The API query for these filters (dates: see day-range.ts). */
export function toSessionQuery(f: ListFilters): SessionFilter {
  const q: SessionFilter = { ...dayRange(f.from, f.to) };
  if (f.site) q.site = f.site;
  if (f.url) q.url = f.url;
  const seconds = Number(f.minSeconds);
  if (f.minSeconds && Number.isFinite(seconds) && seconds > 0) q.minDuration = Math.round(seconds * 1000);
  if ((DEVICES as readonly string[]).includes(f.device)) q.device = f.device;
  if (f.survey) {
    q.survey = f.survey;
    const max = Number(f.scoreMax);
    if (f.scoreMax && Number.isInteger(max) && max >= 0 && max <= 10) q.scoreMax = max;
  }
  return q;
}

/** The filter form; `onApply` gets the new filters on submit. */
export function filterForm(f: ListFilters, onApply: (f: ListFilters) => void): { form: HTMLFormElement; setSites(sites: SiteSummary[]): void; setSurveys(surveys: Survey[]): void } {
  const site = h('select', { id: 'f-site', name: 'site' }, option('', 'All sites', f.site), f.site ? option(f.site, f.site, f.site) : null);
  const from = h('input', { id: 'f-from', name: 'from', type: 'date', value: f.from });
  const to = h('input', { id: 'f-to', name: 'to', type: 'date', value: f.to });
  const url = h('input', { id: 'f-url', name: 'url', type: 'search', value: f.url, placeholder: '/pricing', maxlength: 2048 });
  const minSeconds = h('input', { id: 'f-min', name: 'minSeconds', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: f.minSeconds, placeholder: '0' });
  const device = h('select', { id: 'f-device', name: 'device' }, option('', 'Any device', f.device), DEVICES.map((d) => option(d, capitalize(d), f.device)));
  const survey = h('select', { id: 'f-survey', name: 'survey' }, option('', 'Any', f.survey), f.survey ? option(f.survey, f.survey, f.survey) : null);
  const scoreMax = h('input', { id: 'f-score', name: 'scoreMax', type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric', value: f.scoreMax, placeholder: 'any' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter sessions' },
    field('Site', site),
    field('From', from),
    field('To', to),
    field('URL contains', url),
    field('Min. duration (s)', minSeconds),
    field('Device', device),
    field('Answered survey', survey),
    field('Score at most', scoreMax),
    h('div', { class: 'filters__actions' }, h('button', { type: 'submit', class: 'button button--primary' }, 'Apply'), hasFilters(f) ? h('a', { href: BASE, class: 'button button--quiet' }, 'Clear') : null),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({ site: site.value, from: from.value, to: to.value, url: url.value, minSeconds: minSeconds.value, device: device.value, survey: survey.value, scoreMax: survey.value ? scoreMax.value : '' });
  });
  const setSites = (sites: SiteSummary[]) => {
    site.replaceChildren(option('', 'All sites', f.site), ...sites.map((s) => option(s.key, s.name === s.key ? s.key : `${s.name} (${s.key})`, f.site)));
    if (f.site && !sites.some((s) => s.key === f.site)) site.append(option(f.site, f.site, f.site));
  };
  const setSurveys = (surveys: Survey[]) => {
    survey.replaceChildren(option('', 'Any', f.survey), ...surveys.map((s) => surveyOption(s, f.survey)));
    if (f.survey && !surveys.some((s) => s.id === f.survey)) survey.append(option(f.survey, f.survey, f.survey));
  };
  return { form, setSites, setSurveys };
}
