// One survey's results: the score, how often it was answered, the distribution, the
// trend by day, and every answer with a link to the replay at the moment it was given.
import type { AnswerCorrected, AnswerRow, CommentTheme, SurveyResults } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { capitalize, formatDateTime, formatOffset, formatShare, pathOf, plural } from '../../ui/format.ts';
import { replayMomentHref } from '../../router.ts';
import { formatSurveyScore, KIND_LABEL, scoreTone, SENTIMENT_LABEL, THEME_LABEL } from '../../ui/survey-format.ts';
import { correctionControl } from './answer-correction.ts';
import { themeSummary } from './theme-summary.ts';

/** Where the page's links lead: the same results narrowed to a theme. */
export interface ResultsLinks { themeHref: (theme: CommentTheme) => string; theme: string }

function headline(r: SurveyResults): HTMLElement {
  const { kind } = r.survey;
  return h(
    'div',
    { class: 'survey-headline' },
    h('div', { class: 'survey-score', 'data-testid': 'survey-score' },
      h('span', { class: 'survey-score__value' }, formatSurveyScore(kind, r.score)),
      h('span', { class: 'survey-score__label' }, KIND_LABEL[kind])),
    h('dl', { class: 'facts survey-facts' },
      h('dt', null, 'Answered'), h('dd', null, r.answered),
      h('dt', null, 'Shown'), h('dd', null, r.shown),
      h('dt', null, 'Response rate'), h('dd', null, r.responseRate === null ? '—' : formatShare(r.responseRate)),
      h('dt', null, 'Dismissed'), h('dd', null, r.dismissed)),
  );
}

function distribution(r: SurveyResults): HTMLElement {
  const max = Math.max(1, ...r.distribution.map((d) => d.count));
  return h(
    'table',
    { class: 'distribution', 'data-testid': 'survey-distribution' },
    h('caption', { class: 'visually-hidden' }, 'Answers per score'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'Answers'), h('th', { scope: 'col', class: 'visually-hidden' }, 'Share'))),
    h('tbody', null, r.distribution.map((d) => {
      const bar = h('span', { class: `bar bar--${scoreTone(r.survey.kind, d.score)}` });
      bar.style.width = `${((d.count / max) * 100).toFixed(1)}%`;
      return h('tr', null, h('th', { scope: 'row', class: 'num' }, d.score), h('td', { class: 'num' }, d.count), h('td', { class: 'distribution__bar' }, bar));
    })),
  );
}

function trend(r: SurveyResults): HTMLElement {
  if (!r.trend.length) return h('p', { class: 'hint' }, 'No answers in this range yet.');
  const maxAnswers = Math.max(1, ...r.trend.map((t) => t.answers));
  return h(
    'table',
    { class: 'records trend', 'data-testid': 'survey-trend' },
    h('caption', { class: 'visually-hidden' }, 'Score and answers per day'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, KIND_LABEL[r.survey.kind]), h('th', { scope: 'col' }, 'Answers'))),
    h('tbody', null, r.trend.slice(-60).map((t) => {
      const bar = h('span', { class: 'bar bar--neutral' });
      bar.style.width = `${((t.answers / maxAnswers) * 100).toFixed(1)}%`;
      return h('tr', null, h('td', null, t.day), h('td', { class: 'num' }, formatSurveyScore(r.survey.kind, t.score)), h('td', { class: 'distribution__bar' }, bar, h('span', { class: 'bar__count' }, t.answers)));
    })),
  );
}

/** How the comment reads and what it is about, with the researcher's correction control. */
function readsAs(a: AnswerRow): HTMLElement {
  const cell = h('td', { class: 'reads-as' });
  const show = (sentiment: AnswerRow['sentiment'], themes: AnswerRow['themes'], corrected: boolean) => {
    if (sentiment === null) return replaceChildren(cell, h('span', { class: 'muted' }, '—'));
    replaceChildren(cell,
      h('span', { class: `tone tone--${sentiment}`, 'data-sentiment': sentiment }, SENTIMENT_LABEL[sentiment]),
      ' ',
      themes.map((t) => h('span', { class: 'theme-chip', 'data-theme': t }, THEME_LABEL[t])),
      corrected ? h('span', { class: 'hint corrected', title: 'Set by a researcher' }, ' corrected') : null,
      correctionControl({ ...a, sentiment, themes }, (c: AnswerCorrected) => show(c.sentiment, c.themes, true)),
    );
  };
  show(a.sentiment, a.themes, a.corrected);
  return cell;
}

function answerRow(a: AnswerRow): HTMLTableRowElement {
  const replay = a.session !== null && a.replayOffset !== null
    ? h('a', { href: replayMomentHref(a.session, a.replayOffset) }, `Replay at ${formatOffset(a.replayOffset)}`)
    : h('span', { class: 'muted', title: 'The visitor agreed to surveys but not to replay, or the session was erased.' }, 'no replay');
  return h(
    'tr',
    { 'data-answer-id': a.id },
    h('td', null, formatDateTime(a.ts)),
    h('td', { class: 'num' }, h('span', { class: `score score--${scoreTone(a.kind, a.score)}` }, a.score)),
    h('td', { class: 'comment', lang: a.lang }, a.comment ?? h('span', { class: 'muted' }, '—')),
    readsAs(a),
    h('td', { class: 'url', title: a.url }, pathOf(a.url)),
    h('td', null, capitalize(a.device)),
    h('td', null, replay),
  );
}

export function surveyResultsView(r: SurveyResults, links: ResultsLinks): HTMLElement {
  const answers = r.answers.length
    ? h('div', { class: 'table-scroll' }, h(
        'table',
        { class: 'records answers', 'data-testid': 'survey-answers' },
        h('caption', { class: 'visually-hidden' }, 'Answers, newest first'),
        h('thead', null, h('tr', null, ['When', 'Score', 'Comment', 'Reads as', 'Page', 'Device', 'Replay'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, r.answers.map(answerRow)),
      ))
    : h('p', { class: 'hint' }, 'No answers in this range yet.');
  return h(
    'div',
    { class: 'survey-results' },
    headline(r),
    h('div', { class: 'survey-results__charts' },
      h('section', null, h('h2', null, 'Distribution'), distribution(r)),
      h('section', null, h('h2', null, 'Trend by day'), trend(r))),
    h('section', { class: 'survey-themes' }, h('h2', null, 'What visitors wrote'), themeSummary(r, links.themeHref, links.theme)),
    h('h2', null, r.answers.length >= 200 ? 'Latest 200 answers' : plural(r.answers.length, 'answer')),
    answers,
  );
}
