// The survey scores, as researchers know them. Pure functions over score counts, so the
// SQL only groups (survey, score) and every formula is unit-tested here.
import { LOW_SCORE_MAX, SCORE_RANGE, type SurveyKind } from '../../contract/schemas/index.ts';

/** How many answers gave each score. */
export type ScoreCounts = ReadonlyMap<number, number>;

const total = (counts: ScoreCounts): number => [...counts.values()].reduce((a, b) => a + b, 0);
const countWhere = (counts: ScoreCounts, keep: (score: number) => boolean): number =>
  [...counts].reduce((n, [score, count]) => (keep(score) ? n + count : n), 0);

/** Net Promoter Score: % promoters (9–10) minus % detractors (0–6), −100..100, rounded. */
export function netPromoterScore(counts: ScoreCounts): number | null {
  const n = total(counts);
  if (!n) return null;
  const promoters = countWhere(counts, (s) => s >= 9);
  const detractors = countWhere(counts, (s) => s <= 6);
  return Math.round(((promoters - detractors) / n) * 100);
}

/** Customer satisfaction: the % of answers that are 4 or 5 on the 1–5 scale, rounded. */
export function customerSatisfaction(counts: ScoreCounts): number | null {
  const n = total(counts);
  return n ? Math.round((countWhere(counts, (s) => s >= 4) / n) * 100) : null;
}

/** Customer effort: the mean of the 1–7 answers (7 = very easy), to one decimal. */
export function customerEffort(counts: ScoreCounts): number | null {
  const n = total(counts);
  if (!n) return null;
  const sum = [...counts].reduce((acc, [score, count]) => acc + score * count, 0);
  return Math.round((sum / n) * 10) / 10;
}

export function surveyScore(kind: SurveyKind, counts: ScoreCounts): number | null {
  switch (kind) {
    case 'nps':
      return netPromoterScore(counts);
    case 'csat':
      return customerSatisfaction(counts);
    case 'ces':
      return customerEffort(counts);
  }
}

/** Every point of the kind's scale with its count, zeros included, so a chart has no holes. */
export function scoreDistribution(kind: SurveyKind, counts: ScoreCounts): { score: number; count: number }[] {
  const [lo, hi] = SCORE_RANGE[kind];
  const out: { score: number; count: number }[] = [];
  for (let score = lo; score <= hi; score++) out.push({ score, count: counts.get(score) ?? 0 });
  return out;
}

export const inRange = (kind: SurveyKind, score: number): boolean => score >= SCORE_RANGE[kind][0] && score <= SCORE_RANGE[kind][1];

/**
 * A score someone should look at today: an NPS detractor (0–6), a dissatisfied CSAT
 * (1–2), or a CES of 3 or less (hard going). These call the site's webhook.
 */
export const isLowScore = (kind: SurveyKind, score: number): boolean => score <= LOW_SCORE_MAX[kind];

/** Answers / times shown; null when the survey was never shown. Capped at 1: an answer via einblick.survey() may skip "shown". */
export function responseRate(answered: number, shown: number): number | null {
  return shown > 0 ? Math.min(1, answered / shown) : null;
}

/** Per UTC day: answers and the day's score, from rows of (day, score, count). */
export function scoreTrend(kind: SurveyKind, rows: readonly { day: string; score: number; count: number }[]): { day: string; answers: number; score: number | null }[] {
  const byDay = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let counts = byDay.get(r.day);
    if (!counts) byDay.set(r.day, (counts = new Map()));
    counts.set(r.score, (counts.get(r.score) ?? 0) + r.count);
  }
  return [...byDay.keys()].sort().map((day) => {
    const counts = byDay.get(day)!;
    return { day, answers: total(counts), score: surveyScore(kind, counts) };
  });
}
