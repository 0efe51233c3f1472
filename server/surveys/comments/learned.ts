// What researchers' corrections teach: a near-copy of a corrected comment takes its
// labels, and words the lexicons do not know take the tone and themes of the corrected
// comments they appeared in (a small naive-Bayes-like count, smoothed so one correction
// does not outweigh the rules). Built from the corrections each time they change, so
// erasing an answer also unlearns it.
import type { CommentTheme, Sentiment } from '../../../contract/schemas/index.ts';
import { isFunctionWord } from './language.ts';
import type { Token } from './tokenize.ts';

export interface CorrectedComment { tokens: Token[]; sentiment: Sentiment; themes: CommentTheme[] }

interface Example { words: Set<string>; sentiment: Sentiment; themes: CommentTheme[] }

export interface LearnedModel {
  examples: Example[];
  /** Per word: in how many corrected comments, and of which tone and themes. */
  words: Map<string, { n: number; tone: number; themes: Map<CommentTheme, number> }>;
}

/** A near-copy: this share of words in common (Jaccard) takes the corrected labels whole. */
export const NEAR_COPY = 0.6;
/** A word takes a theme when at least this share of the corrected comments it is in have it. */
const THEME_SHARE = 0.6;
const TONE: Record<Sentiment, number> = { positive: 1, neutral: 0, negative: -1 };
const LEARNT_WEIGHT = 1.5;

/** Content words, cut to their first six letters so "dauerte" and "dauert" are one. */
export const contentWords = (tokens: Token[]): Set<string> =>
  new Set(tokens.filter((t) => !t.punct && t.text.length >= 3 && !isFunctionWord(t.text)).map((t) => wordKey(t.text)));
const wordKey = (word: string) => (word.length > 6 ? word.slice(0, 6) : word);

export function learn(corrections: CorrectedComment[]): LearnedModel {
  const model: LearnedModel = { examples: [], words: new Map() };
  for (const c of corrections) {
    const words = contentWords(c.tokens);
    model.examples.push({ words, sentiment: c.sentiment, themes: c.themes });
    for (const w of words) {
      let entry = model.words.get(w);
      if (!entry) model.words.set(w, (entry = { n: 0, tone: 0, themes: new Map() }));
      entry.n += 1;
      entry.tone += TONE[c.sentiment];
      for (const t of c.themes) entry.themes.set(t, (entry.themes.get(t) ?? 0) + 1);
    }
  }
  return model;
}

/** The corrected comment most like this one, if it is a near-copy. */
export function nearestCorrection(model: LearnedModel, tokens: Token[]): Example | null {
  const words = contentWords(tokens);
  let best: Example | null = null;
  let bestScore = NEAR_COPY;
  for (const e of model.examples) {
    let common = 0;
    for (const w of words) if (e.words.has(w)) common += 1;
    const union = words.size + e.words.size - common;
    const score = union ? common / union : 0;
    if (score >= bestScore) [best, bestScore] = [e, score];
  }
  return best;
}

/** The learnt tone of a word the lexicons do not know, smoothed by one imaginary neutral. */
export function learntPolarity(model: LearnedModel, word: string): number | undefined {
  const entry = model.words.get(wordKey(word));
  if (!entry || isFunctionWord(word)) return undefined;
  const tone = (LEARNT_WEIGHT * 2 * entry.tone) / (entry.n + 1);
  return Math.abs(tone) >= 0.5 ? tone : undefined;
}

export function learntThemes(model: LearnedModel, tokens: Token[]): CommentTheme[] {
  const themes = new Set<CommentTheme>();
  for (const w of contentWords(tokens)) {
    const entry = model.words.get(w);
    if (!entry) continue;
    for (const [theme, count] of entry.themes) if (count / (entry.n + 0.5) >= THEME_SHARE) themes.add(theme);
  }
  return [...themes];
}
