// How survey scores read in the viewer, in its locale. Pure apart from that
// locale, so the wording is unit-tested.
import type { CommentTheme, Sentiment, Survey, SurveyKind, SurveyTrigger } from '../../contract/schemas/index.ts';
import { t } from '../i18n/translate.ts';
import { formatNumber } from './format.ts';

export const KIND_LABEL: Record<SurveyKind, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

/** Read when used, so it is in the language showing then (getters, not fixed strings). */
export const KIND_SCALE: Readonly<Record<SurveyKind, string>> = {
  get nps() {
    return t('ui.survey.scale.nps');
  },
  get csat() {
    return t('ui.survey.scale.csat');
  },
  get ces() {
    return t('ui.survey.scale.ces');
  },
};

/** The headline number: "+40" for NPS, "83%" for CSAT, "5.6" for CES (German: "83 %", "5,6"), "—" without answers. */
export function formatSurveyScore(kind: SurveyKind, score: number | null): string {
  if (score === null) return '—';
  switch (kind) {
    case 'nps':
      return formatNumber(score, { signDisplay: 'exceptZero', maximumFractionDigits: 0 });
    case 'csat':
      return formatNumber(score / 100, { style: 'percent', maximumFractionDigits: 0 });
    case 'ces':
      return formatNumber(score, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
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
export function describeTrigger(trigger: SurveyTrigger): string {
  const parts: string[] = [];
  if (trigger.urlContains) parts.push(t('ui.trigger.urlContains', { text: trigger.urlContains }));
  if (trigger.afterSeconds) parts.push(t('ui.trigger.afterSeconds', { seconds: trigger.afterSeconds }));
  if (trigger.onEvent) parts.push(t('ui.trigger.onEvent', { event: trigger.onEvent }));
  if (trigger.exitIntent) parts.push(t('ui.trigger.exitIntent'));
  return parts.length ? parts.join(', ') : t('ui.trigger.always');
}

/** What a comment is about, in the language showing now: "Delivery" / "Lieferung". */
export const themeLabel = (theme: CommentTheme): string => t(`ui.survey.theme.${theme}`);
/** How a comment reads, in the language showing now: "Negative" / "Negativ". */
export const sentimentLabel = (sentiment: Sentiment): string => t(`ui.survey.sentiment.${sentiment}`);

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
