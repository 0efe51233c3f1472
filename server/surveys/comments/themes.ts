// The themes a comment touches, from THEME_KEYWORDS; two-word keywords ("log in") match
// two words in a row.
import { COMMENT_THEMES, type CommentTheme } from '../../../contract/schemas/index.ts';
import { THEME_KEYWORDS } from './theme-keywords.ts';
import type { Token } from './tokenize.ts';

interface Matcher { prefixes: string[]; inner: string[]; pairs: [string, string][] }

const MATCHERS = Object.fromEntries(
  COMMENT_THEMES.map((theme) => {
    const m: Matcher = { prefixes: [], inner: [], pairs: [] };
    for (const k of THEME_KEYWORDS[theme]) {
      if (k.includes(' ')) m.pairs.push(k.split(' ') as [string, string]);
      else if (k.startsWith('*')) m.inner.push(k.slice(1));
      else m.prefixes.push(k);
    }
    return [theme, m];
  }),
) as Record<CommentTheme, Matcher>;

/** Short English keywords (app, pay, fit) must be the whole word, or they match "apply", "payday", "fitting". */
const matchesPrefix = (word: string, stem: string) => (stem.length <= 4 ? word === stem || word === stem + 's' : word.startsWith(stem));

/** Each word's themes, kept once looked up (comments repeat their words), up to a bound. */
const known = new Map<string, CommentTheme[]>();
const KNOWN_MAX = 50_000;

function themesOfWord(word: string): CommentTheme[] {
  let themes = known.get(word);
  if (themes) return themes;
  themes = COMMENT_THEMES.filter((theme) => MATCHERS[theme].prefixes.some((p) => matchesPrefix(word, p)) || MATCHERS[theme].inner.some((p) => word.includes(p)));
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(word, themes);
  return themes;
}

export function themesOf(tokens: Token[]): CommentTheme[] {
  const words = tokens.filter((t) => !t.punct).map((t) => t.text);
  const found = new Set(words.flatMap(themesOfWord));
  for (const theme of COMMENT_THEMES) {
    if (MATCHERS[theme].pairs.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b))) found.add(theme);
  }
  return COMMENT_THEMES.filter((t) => found.has(t));
}
