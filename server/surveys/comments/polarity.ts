// A word's polarity: the comment's language first, then the other one (people mix them:
// "Support war top"), except for false friends. German compounds are read by their last
// part (superschnell → schnell, Schrottqualität → none), hyphenated words by the whole or the last part.
import type { CommentLang } from './language.ts';
import { DE_POLARITY } from './lexicon-de.ts';
import { EN_POLARITY } from './lexicon-en.ts';

interface Lexicon {
  exact: Map<string, number>;
  /** Longest first, so "unübersichtlich*" wins over "übersichtlich*" only by exact start anyway. */
  stems: [string, number][];
  /** Words long enough to be the tail of a compound. */
  heads: [string, number][];
}

function compile(words: Record<string, number>): Lexicon {
  const exact = new Map<string, number>();
  const stems: [string, number][] = [];
  for (const [word, weight] of Object.entries(words)) {
    if (word.endsWith('*')) stems.push([word.slice(0, -1), weight]);
    else exact.set(word, weight);
  }
  stems.sort((a, b) => b[0].length - a[0].length);
  const heads = [...stems, ...exact].filter(([w]) => w.length >= 5).sort((a, b) => b[0].length - a[0].length);
  return { exact, stems, heads };
}

const LEXICONS: Record<CommentLang, Lexicon> = { en: compile(EN_POLARITY), de: compile(DE_POLARITY) };
/** Same spelling, other meaning: German "fast" is "almost", "Gift" is poison; English "die", "war". */
const FALSE_FRIENDS: Record<CommentLang, Set<string>> = {
  de: new Set(['fast', 'kind', 'bad', 'also', 'will', 'gift', 'hat', 'war', 'rock', 'art', 'fit', 'work']),
  en: new Set(['die', 'war', 'also', 'will', 'bin', 'hat', 'top', 'dank', 'so']),
};

function lookup(lex: Lexicon, token: string, compounds: boolean): number | undefined {
  const exact = lex.exact.get(token);
  if (exact !== undefined) return exact;
  for (const [stem, weight] of lex.stems) if (token.startsWith(stem)) return weight;
  if (compounds) for (const [head, weight] of lex.heads) if (token.length - head.length >= 3 && token.endsWith(head)) return weight;
  return undefined;
}

/** Comments repeat words: each word's lookup is kept, up to a bound. */
const known = new Map<string, number | undefined>();
const KNOWN_MAX = 50_000;

export function polarityOf(token: string, lang: CommentLang): number | undefined {
  const key = lang + token;
  if (known.has(key)) return known.get(key);
  const found = lookupBoth(token, lang);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(key, found);
  return found;
}

function lookupBoth(token: string, lang: CommentLang): number | undefined {
  const other: CommentLang = lang === 'en' ? 'de' : 'en';
  const whole = (t: string) => lookup(LEXICONS[lang], t, lang === 'de') ?? (FALSE_FRIENDS[lang].has(t) ? undefined : lookup(LEXICONS[other], t, false));
  const found = whole(token);
  if (found !== undefined || !token.includes('-')) return found;
  return whole(token.slice(token.lastIndexOf('-') + 1));
}
