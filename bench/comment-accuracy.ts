// How well server/surveys/comments reads labelled comments: sentiment accuracy per
// language, theme precision and recall, and time per comment. Shared by the bench
// (bench/comments.ts) and the unit test that guards the figures against regressions.
import { readFileSync } from 'node:fs';
import { analyzeComment } from '../server/surveys/comments/analyze-comment.ts';
import type { CommentTheme, Sentiment } from '../contract/schemas/index.ts';

export interface LabelledComment { lang: 'en' | 'de'; text: string; sentiment: Sentiment; themes: CommentTheme[] }

export interface Accuracy {
  comments: number;
  /** Per language: comments, sentiment right, accuracy 0..1. */
  sentiment: Record<'en' | 'de', { n: number; right: number; accuracy: number }>;
  language: number;
  themes: { precision: number; recall: number };
  mistakes: { text: string; want: string; got: string }[];
  msPerComment: number;
}

export const loadSet = (name: 'test-set' | 'dev-set'): LabelledComment[] =>
  (JSON.parse(readFileSync(new URL(`../test/fixtures/comments/${name}.json`, import.meta.url), 'utf8')) as { comments: LabelledComment[] }).comments;

export function measure(set: LabelledComment[]): Accuracy {
  const sentiment = { en: { n: 0, right: 0, accuracy: 0 }, de: { n: 0, right: 0, accuracy: 0 } };
  let langRight = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const mistakes: Accuracy['mistakes'] = [];
  const started = performance.now();
  const results = set.map((c) => analyzeComment(c.text));
  const msPerComment = (performance.now() - started) / set.length;
  set.forEach((c, i) => {
    const got = results[i]!;
    const s = sentiment[c.lang];
    s.n += 1;
    if (got.sentiment === c.sentiment) s.right += 1;
    if (got.lang === c.lang) langRight += 1;
    for (const t of got.themes) (c.themes.includes(t) ? tp++ : fp++);
    for (const t of c.themes) if (!got.themes.includes(t)) fn++;
    if (got.sentiment !== c.sentiment || [...got.themes].sort().join() !== [...c.themes].sort().join() || got.lang !== c.lang) {
      mistakes.push({ text: c.text, want: `${c.lang} ${c.sentiment} [${c.themes.join(',')}]`, got: `${got.lang} ${got.sentiment} [${got.themes.join(',')}]` });
    }
  });
  for (const s of Object.values(sentiment)) s.accuracy = s.n ? s.right / s.n : 0;
  return { comments: set.length, sentiment, language: langRight / set.length, themes: { precision: tp / (tp + fp || 1), recall: tp / (tp + fn || 1) }, mistakes, msPerComment };
}
