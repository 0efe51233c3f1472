// The filter bar above the sessions list. Filters live in the page URL
// (/viewer/?site=demo&from=2025-01-01), so a filtered list can be shared,
// reloaded, and restored by the back button after watching a replay.
import type { SessionFilter } from '../../api.ts';
import type { SiteSummary, Survey } from '../../../contract/schemas/index.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h } from '../../ui/dom.ts';
import { field, option, surveyOption } from '../../ui/form-fields.ts';
import { t } from '../../i18n/translate.ts';
import { deviceLabel } from '../../ui/device-label.ts';
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
  maxSeconds: string;
  /** '1' or '' for the flag filters. */
  rage: string;
  dead: string;
  answered: string;
  identified: string;
  event: string;
  clicked: string;
  tag: string;
  browser: string;
  os: string;
  /** The list's order as the API names it ('-duration'); '' for newest first. */
  sort: string;
}

export const KEYS = ['site', 'from', 'to', 'url', 'minSeconds', 'maxSeconds', 'device', 'survey', 'scoreMax', 'rage', 'dead', 'answered', 'identified', 'event', 'clicked', 'tag', 'browser', 'os', 'sort'] as const;
const FLAGS = ['rage', 'dead', 'answered', 'identified'] as const;
const TEXTS = ['event', 'clicked', 'tag', 'browser', 'os'] as const;
const SORTS = ['startedAt', '-startedAt', 'duration', '-duration', 'clicks', '-clicks', 'rage', '-rage'];
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
  const most = Number(f.maxSeconds);
  if (f.maxSeconds && Number.isFinite(most) && most >= 0) q.maxDuration = Math.round(most * 1000);
  for (const key of FLAGS) if (f[key] === '1') q[key] = '1';
  for (const key of TEXTS) if (f[key]) q[key] = f[key];
  if (SORTS.includes(f.sort) && f.sort !== '-startedAt') q.sort = f.sort;
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
  const site = h('select', { id: 'f-site', name: 'site' }, option('', t('sessions.filter.allSites'), f.site), f.site ? option(f.site, f.site, f.site) : null);
  const from = h('input', { id: 'f-from', name: 'from', type: 'date', value: f.from });
  const to = h('input', { id: 'f-to', name: 'to', type: 'date', value: f.to });
  const url = h('input', { id: 'f-url', name: 'url', type: 'search', value: f.url, placeholder: '/pricing', maxlength: 2048 });
  const minSeconds = h('input', { id: 'f-min', name: 'minSeconds', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: f.minSeconds, placeholder: '0' });
  const device = h('select', { id: 'f-device', name: 'device' }, option('', t('sessions.filter.anyDevice'), f.device), DEVICES.map((d) => option(d, deviceLabel(d), f.device)));
  const survey = h('select', { id: 'f-survey', name: 'survey' }, option('', t('sessions.filter.anySurvey'), f.survey), f.survey ? option(f.survey, f.survey, f.survey) : null);
  const maxSeconds = h('input', { id: 'f-max', name: 'maxSeconds', type: 'number', min: 0, step: 1, inputmode: 'numeric', value: f.maxSeconds, placeholder: t('sessions.filter.any') });
  const flag = (key: (typeof FLAGS)[number], label: string) => {
    const box = h('input', { id: `f-${key}`, name: key, type: 'checkbox', checked: f[key] === '1' });
    return { box, element: h('div', { class: 'field field--check' }, box, h('label', { for: box.id }, label)) };
  };
  const flags = { rage: flag('rage', t('sessions.filter.rage')), dead: flag('dead', t('sessions.filter.dead')), answered: flag('answered', t('sessions.filter.answered')), identified: flag('identified', t('sessions.filter.identified')) };
  const text = (key: (typeof TEXTS)[number], placeholder: string, max: number) => h('input', { id: `f-${key}`, name: key, type: 'search', value: f[key], placeholder, maxlength: max });
  const texts = { event: text('event', t('sessions.filter.eventPlaceholder'), 100), clicked: text('clicked', 'button#buy', 512), tag: text('tag', t('sessions.filter.tagPlaceholder'), 40), browser: text('browser', 'Chrome 120', 64), os: text('os', 'iOS', 64) };
  const scoreMax = h('input', { id: 'f-score', name: 'scoreMax', type: 'number', min: 0, max: 10, step: 1, inputmode: 'numeric', value: f.scoreMax, placeholder: t('sessions.filter.any') });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('sessions.filter.form') },
    field(t('sessions.filter.site'), site),
    field(t('sessions.filter.from'), from),
    field(t('sessions.filter.to'), to),
    field(t('sessions.filter.url'), url),
    field(t('sessions.filter.minSeconds'), minSeconds),
    field(t('sessions.filter.maxSeconds'), maxSeconds),
    field(t('sessions.filter.device'), device),
    field(t('sessions.filter.survey'), survey),
    field(t('sessions.filter.scoreMax'), scoreMax),
    field(t('sessions.filter.event'), texts.event),
    field(t('sessions.filter.clicked'), texts.clicked),
    field(t('sessions.filter.tag'), texts.tag),
    field(t('sessions.filter.browser'), texts.browser),
    field(t('sessions.filter.os'), texts.os),
    flags.rage.element,
    flags.dead.element,
    flags.answered.element,
    flags.identified.element,
    h('div', { class: 'filters__actions' }, h('button', { type: 'submit', class: 'button button--primary' }, t('sessions.filter.apply')), hasFilters(f) ? h('a', { href: BASE, class: 'button button--quiet' }, t('sessions.filter.clear')) : null),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({
      site: site.value, from: from.value, to: to.value, url: url.value, minSeconds: minSeconds.value, maxSeconds: maxSeconds.value, device: device.value,
      survey: survey.value, scoreMax: survey.value ? scoreMax.value : '', sort: f.sort,
      rage: flags.rage.box.checked ? '1' : '', dead: flags.dead.box.checked ? '1' : '', answered: flags.answered.box.checked ? '1' : '', identified: flags.identified.box.checked ? '1' : '',
      event: texts.event.value.trim(), clicked: texts.clicked.value.trim(), tag: texts.tag.value.trim(), browser: texts.browser.value.trim(), os: texts.os.value.trim(),
    });
  });
  const setSites = (sites: SiteSummary[]) => {
    site.replaceChildren(option('', t('sessions.filter.allSites'), f.site), ...sites.map((s) => option(s.key, s.name === s.key ? s.key : `${s.name} (${s.key})`, f.site)));
    if (f.site && !sites.some((s) => s.key === f.site)) site.append(option(f.site, f.site, f.site));
  };
  const setSurveys = (surveys: Survey[]) => {
    survey.replaceChildren(option('', t('sessions.filter.anySurvey'), f.survey), ...surveys.map((s) => surveyOption(s, f.survey)));
    if (f.survey && !surveys.some((s) => s.id === f.survey)) survey.append(option(f.survey, f.survey, f.survey));
  };
  return { form, setSites, setSurveys };
}
