// /viewer/surveys : the site's micro-surveys, one survey's results (filtered by page,
// device and days), new answers arriving live, and, for admins, a form for a new survey.
// The selection and filters live in the URL (?survey=…&device=mobile), like other lists.
import type { Me, SiteSummary, Survey, SurveyResults } from '../../../contract/schemas/index.ts';
import { COMMENT_THEMES, SENTIMENTS } from '../../../contract/comment-labels.ts';
import { getSurveyResults, listenLive, listSites, listSurveys, setSurveyActive, type SurveyResultsFilter } from '../../api.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { capitalize, formatDateTime, formatNumber, formatShare } from '../../ui/format.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice, messageOf } from '../../ui/notice.ts';
import { BASE, navigate, SURVEYS_HREF } from '../../router.ts';
import { surveyForm } from './survey-form.ts';
import { describeTrigger, KIND_LABEL, LOW_SCORE_MAX, sentimentLabel, themeLabel } from '../../ui/survey-format.ts';
import { t } from '../../i18n/translate.ts';
import { deviceLabel, DEVICES } from '../../ui/device-label.ts';
import { surveyResultsView } from './survey-results.ts';
import { webhookForm } from './webhook-form.ts';

const KEYS = ['site', 'survey', 'url', 'device', 'from', 'to', 'theme', 'sentiment'] as const;
type Filters = Record<(typeof KEYS)[number], string>;
/** Answers often come in bursts (a campaign, a release): one refetch per burst. */
const LIVE_REFRESH_MS = 300;

const readFilters = (search: string): Filters => {
  const q = new URLSearchParams(search);
  return Object.fromEntries(KEYS.map((k) => [k, q.get(k)?.trim() ?? ''])) as Filters;
};

function hrefFor(f: Partial<Filters>): string {
  const q = new URLSearchParams();
  for (const k of KEYS) if (f[k]) q.set(k, f[k]!);
  const s = q.toString();
  return SURVEYS_HREF + (s ? `?${s}` : '');
}

export function showSurveys(main: HTMLElement, me: Me, signal: AbortSignal): void {
  document.title = `${t('surveys.title')} · Einblick`;
  const f = readFilters(location.search);
  const list = h('section', { class: 'survey-list', 'aria-label': t('surveys.list'), 'aria-busy': 'true' }, loadingNotice());
  const results = h('section', { class: 'results', 'aria-label': t('surveys.results'), 'aria-live': 'polite' });
  const create = h('div');
  replaceChildren(main, h('h1', { tabindex: '-1' }, t('surveys.title')), create, h('div', { class: 'surveys' }, list, results));

  Promise.all([listSites(signal), listSurveys(f.site || undefined, signal)]).then(
    ([sites, surveys]) => {
      list.setAttribute('aria-busy', 'false');
      if (me.role === 'admin') replaceChildren(create, newSurveyPanel(sites, f.site, (s) => navigate(hrefFor({ site: f.site, survey: s.id }))));
      const selected = surveys.find((s) => s.id === f.survey) ?? surveys[0];
      replaceChildren(list, siteSwitch(sites, f), surveyList(surveys, selected?.id, me, f));
      if (!selected) {
        replaceChildren(results, infoNotice(h('p', null, t(me.role === 'admin' ? 'surveys.none.admin' : 'surveys.none.other'))));
        return;
      }
      showResults(results, selected, f, signal);
    },
    (err) => {
      if (!isAbort(err)) replaceChildren(list, errorNotice(err));
    },
  );
}

function newSurveyPanel(sites: SiteSummary[], site: string, onCreated: (s: Survey) => void): HTMLElement {
  const shown = site ? sites.filter((s) => s.key === site) : sites;
  return h(
    'div',
    { class: 'survey-admin' },
    h('details', { class: 'new-survey' }, h('summary', { class: 'button' }, t('surveys.new')), surveyForm(sites, site, onCreated)),
    h('details', { class: 'new-survey' }, h('summary', { class: 'button button--quiet' }, t('surveys.webhooks')), h('div', { class: 'survey-form' }, shown.map(webhookForm))),
  );
}

function siteSwitch(sites: SiteSummary[], f: Filters): HTMLElement {
  const select = h('select', { id: 'sv-site', name: 'site' }, option('', t('surveys.allSites'), f.site), sites.map((s) => option(s.key, s.name, f.site)));
  select.addEventListener('change', () => navigate(hrefFor({ site: select.value })));
  return field(t('surveys.site'), select);
}

function surveyList(surveys: Survey[], selectedId: string | undefined, me: Me, f: Filters): HTMLElement {
  if (!surveys.length) return h('p', { class: 'hint' }, t('surveys.noneForSite'));
  return h('ul', { class: 'survey-cards' }, surveys.map((s) => {
    const current = s.id === selectedId;
    const toggle = me.role === 'admin' ? activeToggle(s) : h('span', { class: 'badge' }, t(s.active ? 'surveys.badge.on' : 'surveys.badge.off'));
    return h(
      'li',
      { class: `survey-card${current ? ' survey-card--current' : ''}` },
      h('a', { href: hrefFor({ site: f.site, survey: s.id }), 'aria-current': current ? 'true' : null, class: 'survey-card__link' },
        h('span', { class: 'badge' }, KIND_LABEL[s.kind]), ' ', s.question.en),
      h('p', { class: 'hint' }, `${capitalize(describeTrigger(s.trigger))} · ${s.site}`),
      toggle,
    );
  }));
}

function activeToggle(s: Survey): HTMLElement {
  const button = h('button', { type: 'button', class: 'button button--quiet', 'aria-pressed': String(s.active) }, t(s.active ? 'surveys.toggle.running' : 'surveys.toggle.off'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const next = await setSurveyActive(s.id, !s.active);
      button.replaceWith(activeToggle(next));
    } catch (err) {
      button.disabled = false;
      button.title = messageOf(err);
    }
  });
  return button;
}

function resultsFilter(f: Filters): SurveyResultsFilter {
  return {
    ...dayRange(f.from, f.to), ...(f.url ? { url: f.url } : {}), ...((DEVICES as readonly string[]).includes(f.device) ? { device: f.device } : {}),
    ...((COMMENT_THEMES as readonly string[]).includes(f.theme) ? { theme: f.theme } : {}), ...((SENTIMENTS as readonly string[]).includes(f.sentiment) ? { sentiment: f.sentiment } : {}),
  };
}

function filterBar(survey: Survey, f: Filters): HTMLFormElement {
  const url = h('input', { id: 'sv-url', name: 'url', type: 'search', value: f.url, placeholder: '/checkout', maxlength: 2048 });
  const device = h('select', { id: 'sv-device', name: 'device' }, option('', t('surveys.filter.anyDevice'), f.device), DEVICES.map((d) => option(d, deviceLabel(d), f.device)));
  const from = h('input', { id: 'sv-from', name: 'from', type: 'date', value: f.from });
  const to = h('input', { id: 'sv-to', name: 'to', type: 'date', value: f.to });
  const theme = h('select', { id: 'sv-theme', name: 'theme' }, option('', t('surveys.filter.anyTheme'), f.theme), COMMENT_THEMES.map((theme) => option(theme, themeLabel(theme), f.theme)));
  const sentiment = h('select', { id: 'sv-sentiment', name: 'sentiment' }, option('', t('surveys.filter.anySentiment'), f.sentiment), SENTIMENTS.map((s) => option(s, sentimentLabel(s), f.sentiment)));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('surveys.filter.form') },
    field(t('surveys.filter.page'), url), field(t('surveys.filter.device'), device), field(t('surveys.filter.from'), from), field(t('surveys.filter.to'), to),
    field(t('surveys.filter.theme'), theme), field(t('surveys.filter.sentiment'), sentiment),
    h('div', { class: 'filters__actions' }, h('button', { type: 'submit', class: 'button button--primary' }, t('surveys.filter.apply'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(hrefFor({ site: f.site, survey: survey.id, url: url.value.trim(), device: device.value, from: from.value, to: to.value, theme: theme.value, sentiment: sentiment.value }));
  });
  return form;
}

/** Where unhappy visitors went: the sessions list cut to this survey's low scores. */
function segmentLinks(survey: Survey): HTMLElement {
  const q = new URLSearchParams({ survey: survey.id, scoreMax: String(LOW_SCORE_MAX[survey.kind]) });
  const max = formatNumber(LOW_SCORE_MAX[survey.kind]);
  return h('p', { class: 'hint' }, h('a', { href: `${BASE}?${q}` }, t(survey.kind === 'nps' ? 'surveys.segment.detractors' : 'surveys.segment.low', { max })));
}

function showResults(section: HTMLElement, survey: Survey, f: Filters, signal: AbortSignal): void {
  const body = h('div', { 'aria-busy': 'true' }, loadingNotice());
  const live = h('p', { class: 'hint live-status', role: 'status' });
  replaceChildren(section,
    h('h2', { class: 'survey-title' }, h('span', { class: 'badge' }, KIND_LABEL[survey.kind]), ' ', survey.question.en),
    h('p', { class: 'hint' }, t('surveys.summary', { count: survey.capDays, trigger: capitalize(describeTrigger(survey.trigger)), share: formatShare(survey.sample), created: formatDateTime(survey.createdAt) })),
    segmentLinks(survey), filterBar(survey, f), live, body);

  const filter = resultsFilter(f);
  let pending = 0;
  const load = () =>
    getSurveyResults(survey.id, filter, signal).then(
      (r: SurveyResults) => {
        body.setAttribute('aria-busy', 'false');
        replaceChildren(body, surveyResultsView(r, { themeHref: (theme) => hrefFor({ ...f, survey: survey.id, theme }), theme: f.theme }));
      },
      (err) => {
        if (!isAbort(err)) replaceChildren(body, errorNotice(err));
      },
    );
  void load();
  listenLive(undefined, {
    answer: (a) => {
      if (a.survey !== survey.id) return;
      live.textContent = a.comment ? t('surveys.live.answerWithComment', { score: String(a.score), comment: a.comment }) : t('surveys.live.answer', { score: String(a.score) });
      clearTimeout(pending);
      pending = window.setTimeout(load, LIVE_REFRESH_MS);
    },
  }, signal);
}
