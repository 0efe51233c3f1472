// A survey comment's language, tone and themes, computed when the answer arrives: rules
// first, then what researchers' corrections on the site taught (learned.ts). Pure and
// deterministic; well under a millisecond for a comment (bench/comments.ts measures it).
import { COMMENT_THEMES, type CommentTheme, type Sentiment } from '../../../contract/schemas/index.ts';
import { detectLanguage, type CommentLang } from './language.ts';
import { learntPolarity, learntThemes, nearestCorrection, type LearnedModel } from './learned.ts';
import { scoreSentiment, sentimentOf } from './sentiment.ts';
import { themesOf } from './themes.ts';
import { tokenize } from './tokenize.ts';

export interface CommentAnalysis { lang: CommentLang; sentiment: Sentiment; themes: CommentTheme[] }

export function analyzeComment(comment: string, model?: LearnedModel): CommentAnalysis {
  const tokens = tokenize(comment);
  const lang = detectLanguage(tokens);
  const near = model ? nearestCorrection(model, tokens) : null;
  if (near) return { lang, sentiment: near.sentiment, themes: [...near.themes] };
  const score = scoreSentiment(tokens, lang, model ? (w) => learntPolarity(model, w) : undefined);
  const found = new Set([...themesOf(tokens), ...(model ? learntThemes(model, tokens) : [])]);
  return { lang, sentiment: sentimentOf(score), themes: COMMENT_THEMES.filter((t) => found.has(t)) };
}
