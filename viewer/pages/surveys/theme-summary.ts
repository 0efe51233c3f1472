// What the comments in range are about: per theme, how many answers, their share of the
// commented answers, and how they read (a bar split positive / neutral / negative).
// A theme's name narrows the answers below to it.
import type { CommentTheme, SurveyResults, ThemeSummary } from '../../../contract/schemas/index.ts';
import { SENTIMENTS } from '../../../contract/comment-labels.ts';
import { h } from '../../ui/dom.ts';
import { formatNumber, formatShare } from '../../ui/format.ts';
import { themeLabel } from '../../ui/survey-format.ts';
import { t as tr } from '../../i18n/translate.ts';

function toneBar(t: ThemeSummary): HTMLElement {
  const said = SENTIMENTS.map((s) => tr(`surveys.tone.${s}`, { count: formatNumber(t.sentiment[s]) })).join(', ');
  return h('span', { class: 'tone-bar', role: 'img', 'aria-label': said, title: said }, SENTIMENTS.filter((s) => t.sentiment[s] > 0).map((s) => {
    const part = h('span', { class: `tone-bar__part tone--${s}` });
    part.style.flexGrow = String(t.sentiment[s]);
    return part;
  }));
}

export function themeSummary(r: SurveyResults, themeHref: (theme: CommentTheme) => string, current: string): HTMLElement {
  if (!r.themes.length) return h('p', { class: 'hint' }, tr(r.commented ? 'surveys.themes.noneKnown' : 'surveys.themes.noComments'));
  return h(
    'table',
    { class: 'records themes', 'data-testid': 'survey-themes' },
    h('caption', { class: 'visually-hidden' }, tr('surveys.themes.caption', { count: r.commented })),
    h('thead', null, h('tr', null, [tr('surveys.col.theme'), tr('surveys.col.answers'), tr('surveys.col.share'), tr('surveys.col.howTheyRead')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, r.themes.map((t) => h('tr', { 'data-theme': t.theme },
      h('th', { scope: 'row' }, h('a', { href: themeHref(t.theme), 'aria-current': t.theme === current ? 'true' : null }, themeLabel(t.theme))),
      h('td', { class: 'num' }, formatNumber(t.answers)),
      h('td', { class: 'num' }, formatShare(t.share)),
      h('td', { class: 'themes__tone' }, toneBar(t))))),
  );
}
