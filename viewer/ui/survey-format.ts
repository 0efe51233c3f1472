// How survey scores read in the viewer. Pure, so the wording is unit-tested.
import type { CommentTheme, Sentiment, Survey, SurveyKind, SurveyTrigger } from '../../contract/schemas/index.ts';

export const KIND_LABEL: Record<SurveyKind, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

export const KIND_SCALE: Record<SurveyKind, string> = {
  nps: '0–10, how likely to recommend',
  csat: '1–5, how satisfied',
  ces: '1–7, how easy (7 = very easy)',
};

/** The headline number: "+40" for NPS, "83%" for CSAT, "5.6" for CES, "—" without answers. */
export function formatSurveyScore(kind: SurveyKind, score: number | null): string {
  if (score === null) return '—';
  switch (kind) {
    case 'nps':
      return score > 0 ? `+${score}` : String(score);
    case 'csat':
      return `${score}%`;
    case 'ces':
      return score.toFixed(1);
  }
}

/** The highest score that still counts as unhappy (as the server's webhook counts it): the segment "only detractors" of the other pages. */
export const LOW_SCORE_MAX: Record<SurveyKind, number> = { nps: 6, csat: 2, ces: 3 };
/** The highest neutral score: NPS passives, CSAT 3, CES 4. */
const MID_SCORE_MAX: Record<SurveyKind, number> = { nps: 8, csat: 3, ces: 4 };

/** Where one answer falls: NPS detractor/passive/promoter, and the same three tones for CSAT and CES. */
export function scoreTone(kind: SurveyKind, score: number): 'low' | 'mid' | 'high' {
  if (score <= LOW_SCORE_MAX[kind]) return 'low';
  return score <= MID_SCORE_MAX[kind] ? 'mid' : 'high';
}

/** A trigger in words: "on /checkout, after 10 s", "on the event signup-done", "at once". */
export function describeTrigger(t: SurveyTrigger): string {
  const parts: string[] = [];
  if (t.urlContains) parts.push(`on pages containing ${t.urlContains}`);
  if (t.afterSeconds) parts.push(`after ${t.afterSeconds} s on the page`);
  if (t.onEvent) parts.push(`on the event ${t.onEvent}`);
  if (t.exitIntent) parts.push('on exit intent');
  return parts.length ? parts.join(', ') : 'at once on every page';
}

export const THEME_LABEL: Record<CommentTheme, string> = {
  delivery: 'Delivery', price: 'Price', checkout: 'Checkout', support: 'Support', product: 'Product', website: 'Website', returns: 'Returns',
};
export const SENTIMENT_LABEL: Record<Sentiment, string> = { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' };

/** A text cut to at most `max` characters at a word boundary, with "…" when cut: never mid-word. */
export function cutAtWord(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const room = clean.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return (space > max / 3 ? room.slice(0, space) : room).replace(/[\s,;:.–-]+$/, '') + '…';
}

/** How a survey is named in a select: its kind and its question, cut at a word (the full question goes in the title). */
export const surveyOptionLabel = (s: Pick<Survey, 'kind' | 'question'>, max = 70): string => `${KIND_LABEL[s.kind]}: ${cutAtWord(s.question.en, max)}`;
