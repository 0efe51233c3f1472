// One survey's results: the score, how often it was answered, the distribution, the
// trend by day, and every answer with a link to the replay at the moment it was given.
import type { AnswerCorrected, AnswerRow, CommentTheme, SurveyResults } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatDate, formatDateTime, formatNumber, formatOffset, formatShare, pathOf } from '../../ui/format.ts';
import { replayMomentHref } from '../../router.ts';
import { formatSurveyScore, KIND_LABEL, scoreTone, sentimentLabel, themeLabel } from '../../ui/survey-format.ts';
import { t } from '../../i18n/translate.ts';
import { deviceLabel } from '../../ui/device-label.ts';
import { correctionControl } from './answer-correction.ts';
import { themeSummary } from './theme-summary.ts';

/** Where the page's links lead: the same results narrowed to a theme. */
export interface ResultsLinks { themeHref: (theme: CommentTheme) => string; theme: string }

/** The server sends at most this many answers, newest first. */
const LATEST_MAX = 200;

const ANSWER_COLUMNS = ['when', 'score', 'comment', 'readsAs', 'page', 'device', 'replay'] as const;

/** A UTC day as the server groups answers ("2026-12-02"), written the locale's way. */
const dayOf = (day: string): string => {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) ? day : formatDate(ms, undefined, 'UTC');
};

function headline(r: SurveyResults): HTMLElement {
  const { kind } = r.survey;
  return h(
    'div',
    { class: 'survey-headline' },
    h('div', { class: 'survey-score', 'data-testid': 'survey-score' },
      h('span', { class: 'survey-score__value' }, formatSurveyScore(kind, r.score)),
      h('span', { class: 'survey-score__label' }, KIND_LABEL[kind])),
    h('dl', { class: 'facts survey-facts' },
      h('dt', null, t('surveys.fact.answered')), h('dd', null, formatNumber(r.answered)),
      h('dt', null, t('surveys.fact.shown')), h('dd', null, formatNumber(r.shown)),
      h('dt', null, t('surveys.fact.responseRate')), h('dd', null, r.responseRate === null ? '—' : formatShare(r.responseRate)),
      h('dt', null, t('surveys.fact.dismissed')), h('dd', null, formatNumber(r.dismissed))),
  );
}

function distribution(r: SurveyResults): HTMLElement {
  const max = Math.max(1, ...r.distribution.map((d) => d.count));
  return h(
    'table',
    { class: 'distribution', 'data-testid': 'survey-distribution' },
    h('caption', { class: 'visually-hidden' }, t('surveys.distribution.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('surveys.col.score')), h('th', { scope: 'col' }, t('surveys.col.answers')), h('th', { scope: 'col', class: 'visually-hidden' }, t('surveys.col.share')))),
    h('tbody', null, r.distribution.map((d) => {
      const bar = h('span', { class: `bar bar--${scoreTone(r.survey.kind, d.score)}` });
      bar.style.width = `${((d.count / max) * 100).toFixed(1)}%`;
      return h('tr', null, h('th', { scope: 'row', class: 'num' }, d.score), h('td', { class: 'num' }, formatNumber(d.count)), h('td', { class: 'distribution__bar' }, bar));
    })),
  );
}

function trend(r: SurveyResults): HTMLElement {
  if (!r.trend.length) return h('p', { class: 'hint' }, t('surveys.noAnswers'));
  const maxAnswers = Math.max(1, ...r.trend.map((d) => d.answers));
  return h(
    'table',
    { class: 'records trend', 'data-testid': 'survey-trend' },
    h('caption', { class: 'visually-hidden' }, t('surveys.trend.caption')),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('surveys.col.day')), h('th', { scope: 'col' }, KIND_LABEL[r.survey.kind]), h('th', { scope: 'col' }, t('surveys.col.answers')))),
    h('tbody', null, r.trend.slice(-60).map((d) => {
      const bar = h('span', { class: 'bar bar--neutral' });
      bar.style.width = `${((d.answers / maxAnswers) * 100).toFixed(1)}%`;
      return h('tr', null, h('td', null, dayOf(d.day)), h('td', { class: 'num' }, formatSurveyScore(r.survey.kind, d.score)), h('td', { class: 'distribution__bar' }, bar, h('span', { class: 'bar__count' }, formatNumber(d.answers))));
    })),
  );
}

/** How the comment reads and what it is about, with the researcher's correction control. */
function readsAs(a: AnswerRow): HTMLElement {
  const cell = h('td', { class: 'reads-as' });
  const show = (sentiment: AnswerRow['sentiment'], themes: AnswerRow['themes'], corrected: boolean) => {
    if (sentiment === null) return replaceChildren(cell, h('span', { class: 'muted' }, '—'));
    replaceChildren(cell,
      h('span', { class: `tone tone--${sentiment}`, 'data-sentiment': sentiment }, sentimentLabel(sentiment)),
      ' ',
      themes.map((theme) => h('span', { class: 'theme-chip', 'data-theme': theme }, themeLabel(theme))),
      corrected ? h('span', { class: 'hint corrected', title: t('surveys.corrected.why') }, ' ', t('surveys.corrected')) : null,
      correctionControl({ ...a, sentiment, themes }, (c: AnswerCorrected) => show(c.sentiment, c.themes, true)),
    );
  };
  show(a.sentiment, a.themes, a.corrected);
  return cell;
}

function answerRow(a: AnswerRow): HTMLTableRowElement {
  const replay = a.session !== null && a.replayOffset !== null
    ? h('a', { href: replayMomentHref(a.session, a.replayOffset) }, t('surveys.replayAt', { offset: formatOffset(a.replayOffset) }))
    : h('span', { class: 'muted', title: t('surveys.noReplay.why') }, t('surveys.noReplay'));
  return h(
    'tr',
    { 'data-answer-id': a.id },
    h('td', null, formatDateTime(a.ts)),
    h('td', { class: 'num' }, h('span', { class: `score score--${scoreTone(a.kind, a.score)}` }, a.score)),
    h('td', { class: 'comment', lang: a.lang }, a.comment ?? h('span', { class: 'muted' }, '—')),
    readsAs(a),
    h('td', { class: 'url', title: a.url }, pathOf(a.url)),
    h('td', null, deviceLabel(a.device)),
    h('td', null, replay),
  );
}

export function surveyResultsView(r: SurveyResults, links: ResultsLinks): HTMLElement {
  const answers = r.answers.length
    ? h('div', { class: 'table-scroll' }, h(
        'table',
        { class: 'records answers', 'data-testid': 'survey-answers' },
        h('caption', { class: 'visually-hidden' }, t('surveys.answers.caption')),
        h('thead', null, h('tr', null, ANSWER_COLUMNS.map((c) => t(`surveys.col.${c}`)).map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, r.answers.map(answerRow)),
      ))
    : h('p', { class: 'hint' }, t('surveys.noAnswers'));
  return h(
    'div',
    { class: 'survey-results' },
    headline(r),
    h('div', { class: 'survey-results__charts' },
      h('section', null, h('h2', null, t('surveys.distribution')), distribution(r)),
      h('section', null, h('h2', null, t('surveys.trend')), trend(r))),
    h('section', { class: 'survey-themes' }, h('h2', null, t('surveys.themes')), themeSummary(r, links.themeHref, links.theme)),
    h('h2', null, r.answers.length >= LATEST_MAX ? t('surveys.answers.latest', { max: formatNumber(LATEST_MAX) }) : t('surveys.answers.count', { count: r.answers.length })),
    answers,
  );
}
