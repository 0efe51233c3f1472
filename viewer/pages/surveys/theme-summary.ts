// What the comments in range are about: per theme, how many answers, their share of the
// commented answers, and how they read (a bar split positive / neutral / negative).
// A theme's name narrows the answers below to it.
import type { CommentTheme, SurveyResults, ThemeSummary } from '../../../contract/schemas/index.ts';
import { SENTIMENTS } from '../../../contract/comment-labels.ts';
import { h } from '../../ui/dom.ts';
import { formatShare } from '../../ui/format.ts';
import { SENTIMENT_LABEL, THEME_LABEL } from '../../ui/survey-format.ts';

function toneBar(t: ThemeSummary): HTMLElement {
  const said = SENTIMENTS.map((s) => `${t.sentiment[s]} ${SENTIMENT_LABEL[s].toLowerCase()}`).join(', ');
  return h('span', { class: 'tone-bar', role: 'img', 'aria-label': said, title: said }, SENTIMENTS.filter((s) => t.sentiment[s] > 0).map((s) => {
    const part = h('span', { class: `tone-bar__part tone--${s}` });
    part.style.flexGrow = String(t.sentiment[s]);
    return part;
  }));
}

export function themeSummary(r: SurveyResults, themeHref: (theme: CommentTheme) => string, current: string): HTMLElement {
  if (!r.themes.length) return h('p', { class: 'hint' }, r.commented ? 'No comment in this range touches a known theme.' : 'No comments in this range yet.');
  return h(
    'table',
    { class: 'records themes', 'data-testid': 'survey-themes' },
    h('caption', { class: 'visually-hidden' }, `Themes of ${r.commented} commented answers`),
    h('thead', null, h('tr', null, ['Theme', 'Answers', 'Share', 'How they read'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, r.themes.map((t) => h('tr', { 'data-theme': t.theme },
      h('th', { scope: 'row' }, h('a', { href: themeHref(t.theme), 'aria-current': t.theme === current ? 'true' : null }, THEME_LABEL[t.theme])),
      h('td', { class: 'num' }, t.answers),
      h('td', { class: 'num' }, formatShare(t.share)),
      h('td', { class: 'themes__tone' }, toneBar(t))))),
  );
}
