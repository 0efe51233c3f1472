// How survey scores read in the viewer. Pure, so the wording is unit-tested.
import type { SurveyKind, SurveyTrigger } from '../../contract/schemas/index.ts';

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
