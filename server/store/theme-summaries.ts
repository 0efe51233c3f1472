// The survey results' themes, from counted (theme, tone) rows: the same for both backends'
// surveys stores.
import type { CommentTheme, Sentiment, ThemeSummary } from '../../contract/schemas/index.ts';

/** Per theme: its answers, their share of the commented answers, and how they read; most answers first. */
export function themeSummaries(rows: { theme: CommentTheme; sentiment: Sentiment; count: number }[], commented: number): ThemeSummary[] {
  const byTheme = new Map<CommentTheme, ThemeSummary>();
  for (const r of rows) {
    let t = byTheme.get(r.theme);
    if (!t) byTheme.set(r.theme, (t = { theme: r.theme, answers: 0, share: 0, sentiment: { positive: 0, neutral: 0, negative: 0 } }));
    t.answers += r.count;
    t.sentiment[r.sentiment] += r.count;
  }
  return [...byTheme.values()]
    .map((t) => ({ ...t, share: commented ? t.answers / commented : 0 }))
    .sort((a, b) => b.answers - a.answers || a.theme.localeCompare(b.theme));
}
