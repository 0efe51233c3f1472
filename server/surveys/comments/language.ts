// English or German, from function words and what only German spelling has (umlauts, ß,
// -ung/-keit/-lich/sch). Comments are short, so every hint counts; a tie reads as English.
import type { Token } from './tokenize.ts';
import { DE_POLARITY } from './lexicon-de.ts';
import { EN_POLARITY } from './lexicon-en.ts';

export type CommentLang = 'en' | 'de';

const EN = new Set('the and is was to a of it for my i you with not but very this that on in too no never be are were have had been so just all at we they our your would could what when me an'.split(' '));
const DE = new Set('der die das und ist war nicht ich mit zu ein eine einen sehr aber für auf den dem des es hat kein keine keinen mir mich sich auch nur noch schon wie bei ganz alles nichts wieder bin ihr euch sind wurde hatte man wenn dass habe meine meinen mein einem einer leider nie etwas viel seit niemand geht ans im vom zum beim wurde sein'.split(' '));

export function detectLanguage(tokens: Token[]): CommentLang {
  let en = 0;
  let de = 0;
  for (const { text, punct } of tokens) {
    if (punct) continue;
    if (EN.has(text) || text in EN_POLARITY) en += 1;
    if (DE.has(text) || text in DE_POLARITY) de += 1;
    if (/[äöüß]/.test(text)) de += 2;
    else if (/(ung|keit|lich|heit)$|sch|tz/.test(text)) de += 0.5;
    if (/(ing|ed|ly|tion)$|th/.test(text)) en += 0.5;
  }
  return de > en ? 'de' : 'en';
}

/** Words that carry no topic of their own, in either language. */
export const isFunctionWord = (word: string): boolean => EN.has(word) || DE.has(word);
