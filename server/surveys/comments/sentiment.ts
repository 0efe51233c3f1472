// A comment's tone from its words: polarity words, turned by negation ("nicht gut",
// "not bad", "kein Problem", and German's trailing "funktioniert nicht"), scaled by
// intensifiers ("sehr", "a bit"), "too"/"zu" making any next word a complaint, and the
// part after "but"/"aber" weighing more than the part before it.
import type { Sentiment } from '../../../contract/schemas/index.ts';
import type { CommentLang } from './language.ts';
import type { Token } from './tokenize.ts';
import { polarityOf } from './polarity.ts';
import { EN_CONTRAST, EN_INTENSIFIERS, EN_IRREALIS, EN_NEGATORS, EN_TOO } from './lexicon-en.ts';
import { DE_CONTRAST, DE_INTENSIFIERS, DE_IRREALIS, DE_NEGATORS, DE_TOO } from './lexicon-de.ts';

/** Extra polarity for words the lexicon does not know (learnt from researchers' corrections). */
export type ExtraPolarity = (token: string) => number | undefined;

const NEGATORS = new Set([...EN_NEGATORS, ...DE_NEGATORS, 'nobody', 'niemand']);
/** A negator that found nothing to turn still says something: "nobody told me", "nie wieder". */
const UNTURNED: Record<string, number> = { nobody: -1.5, niemand: -1.5, never: -1, nie: -1, niemals: -1 };
const INTENSIFIERS: Record<string, number> = { ...DE_INTENSIFIERS, ...EN_INTENSIFIERS };
const CONTRAST = new Set([...EN_CONTRAST, ...DE_CONTRAST]);
const TOO = new Set([...EN_TOO, ...DE_TOO]);
/** Words "too"/"zu" make negative though neutral alone. */
const TOO_NEUTRAL = new Set(['long', 'lang', 'lange', 'high', 'hoch', 'small', 'klein', 'big', 'large', 'groß', 'many', 'viele', 'wenig', 'wenige', 'few', 'late', 'spät', 'short', 'kurz', 'much', 'viel', 'often', 'oft', 'loud', 'laut', 'tight', 'eng', 'weit', 'wide', 'dark', 'dunkel', 'hell', 'bright', 'heavy', 'schwer']);
const TOO_SKIP = new Set(['much', 'way', 'far']);
const IRREALIS: readonly (readonly string[])[] = [...EN_IRREALIS, ...DE_IRREALIS];
const EMOTICON: Record<string, number> = { ':)': 2, ':-)': 2, ';)': 1, ';-)': 1, ':(': -2, ':-(': -2 };
const NEGATION_REACH = 3;
const NEGATED = -0.8;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const IRREALIS_WEIGHT = 0.3;
export const SENTIMENT_THRESHOLD = 0.5;

const isSentenceEnd = (t: Token) => t.punct && /[.!?;]/.test(t.text);

/** Per token, the weight of its sentence: a wish ("would be nice", "wäre schön") counts less. */
function sentenceWeights(tokens: Token[]): number[] {
  const weights: number[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && !isSentenceEnd(tokens[i]!)) continue;
    const words = tokens.slice(start, i).map((t) => t.text);
    const wish = IRREALIS.some((pattern) => words.some((_, j) => pattern.every((p, k) => words[j + k] === p)));
    for (let j = start; j <= i && j < tokens.length; j++) weights.push(wish ? IRREALIS_WEIGHT : 1);
    start = i + 1;
  }
  return weights;
}

export function scoreSentiment(tokens: Token[], lang: CommentLang, extra?: ExtraPolarity): number {
  const polarity = (t: string) => polarityOf(t, lang) ?? extra?.(t);
  const sentence = sentenceWeights(tokens);
  const segments: number[] = [0];
  let negation: { at: number; reach: number; word: string } | null = null;
  let lastPolar: { at: number; value: number; negated: boolean } | null = null;
  let intensity = 1;
  const add = (v: number) => (segments[segments.length - 1]! += v);
  /** A negator that reached no polarity word ahead turns the one just before it ("funktioniert nicht"). */
  const closeNegation = () => {
    if (!negation) return;
    if (lastPolar && !lastPolar.negated && negation.at - lastPolar.at <= NEGATION_REACH) {
      add(lastPolar.value * NEGATED - lastPolar.value);
      lastPolar.negated = true;
    } else add((UNTURNED[negation.word] ?? 0) * sentence[negation.at]!);
    negation = null;
  };

  for (let i = 0; i < tokens.length; i++) {
    const { text, punct } = tokens[i]!;
    if (punct) {
      closeNegation();
      add(EMOTICON[text] ?? 0);
      intensity = 1;
      lastPolar = null;
      continue;
    }
    if (CONTRAST.has(text)) {
      closeNegation();
      segments.push(0);
      intensity = 1;
      lastPolar = null;
      continue;
    }
    if (NEGATORS.has(text)) {
      closeNegation();
      negation = { at: i, reach: NEGATION_REACH, word: text };
      continue;
    }
    const next = tokens[i + 1];
    if (INTENSIFIERS[text] !== undefined && next && !next.punct && (polarity(next.text) !== undefined || TOO.has(next.text) || NEGATORS.has(next.text))) {
      intensity *= INTENSIFIERS[text]!;
      continue;
    }
    if (TOO.has(text) && next && !next.punct) {
      let j = i + 1;
      if (TOO_SKIP.has(tokens[j]!.text) && tokens[j + 1] && !tokens[j + 1]!.punct) j += 1;
      const target = tokens[j]!.text;
      const p = polarity(target);
      // "zu empfehlen", "zu bezahlen": zu before an infinitive is not "too".
      const infinitive = text === 'zu' && /(en|ern|eln)$/.test(target) && !TOO_NEUTRAL.has(target);
      if (!infinitive && (p !== undefined || TOO_NEUTRAL.has(target))) {
        add(-(Math.abs(p ?? 0) + 1.5) * intensity * sentence[i]!);
        intensity = 1;
        i = j;
        continue;
      }
    }
    const p = polarity(text);
    if (p === undefined || p === 0) {
      if (negation && --negation.reach <= 0) closeNegation();
      continue;
    }
    let value = p * intensity * sentence[i]!;
    intensity = 1;
    const negated = negation !== null;
    if (negated) {
      value *= NEGATED;
      negation = null;
    }
    add(value);
    lastPolar = { at: i, value, negated };
  }
  closeNegation();
  if (segments.length === 1) return segments[0]!;
  return segments.reduce((sum, s, k) => sum + s * (k === segments.length - 1 ? AFTER_CONTRAST : BEFORE_CONTRAST), 0);
}

export function sentimentOf(score: number): Sentiment {
  if (score >= SENTIMENT_THRESHOLD) return 'positive';
  if (score <= -SENTIMENT_THRESHOLD) return 'negative';
  return 'neutral';
}
