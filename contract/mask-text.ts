// Masked text that takes the room the original took. Each character becomes a
// stand-in letter of its width class, so a masked paragraph rendered in the page's
// own font breaks into the same lines as the original (measured in
// test/e2e/masked-layout.test.ts). What stays visible is deliberate and documented in
// the README: word lengths, whitespace, where capitals and very narrow or very wide
// letters are, and the characters kept as they are because lines may break at them.
// It runs on every text node of a page, so it is one table lookup per character
// for Latin text.

// Stand-ins chosen by measuring Liberation Sans/Serif (Arial/Times metrics) and
// DejaVu Sans/Serif in Chromium: for each class, the letter whose width is nearest
// the class's average width in all four, weighted by how often its characters occur
// in English and German. They are accented letters (Latin-1 and Latin Extended-A,
// which Latin fonts carry), so masked text never spells a word: with plain letters
// as stand-ins, "nine" would have masked to "nine".
const NARROW = '\u013c'; // ļ for i j l and thin punctuation
const SEMI = '\u0163'; // ţ for f t I, brackets, slashes, quotes
const R = '\u0155'; // ŕ for r J
const ROUND = '\u00e0'; // à for a c e s z, which are narrower than n in serif fonts
const LOWER = '\u00f1'; // ñ for the other lowercase letters, digits and most symbols
const WIDE = '\u0175'; // ŵ for m w
const CAPITAL = '\u00c4'; // Ä
const WIDE_CAPITAL = '\u0174'; // Ŵ for M W Æ Œ % @ &
/** Ideographs, kana and hangul: an ideograph, so lines still break between any two. */
const CJK = '\u3007';
/** Emoji: one drawn by the emoji font, as wide as any other. */
const EMOJI = '\u2b1c';

const CLASSES: [string, string][] = [
  [NARROW, "ijl.,:;!'`|\u00b7\u0131\u0142"],
  [SEMI, 'ftI()[]{}/\\"*\u00b0\u2018\u2019\u201a\u201c\u201d\u201e\u2039\u203a'],
  [R, 'rJ'],
  [ROUND, 'acesz'],
  [LOWER, 'bdghknopquvxy0123456789$#_+=<>~^\u00a7\u00df\u00f8\u00f0\u00fe\u00b5\u20ac\u00a3\u00a5\u00ab\u00bb\u00a9\u00ae\u2022'],
  [WIDE, 'mw\u00e6\u0153'],
  [CAPITAL, 'ABCDEFGHKLNOPQRSTUVXYZ\u00d8\u00de\u00d0'],
  [WIDE_CAPITAL, 'MW%@&\u00c6\u0152\u2122'],
];

/**
 * Kept as they are: whitespace (a no-break space stays one), and characters that
 * Chromium breaks lines at or after: hyphens, dashes, '?', the soft hyphen, the
 * zero-width space, the ellipsis. Format characters (bidi marks, joiners) are kept too.
 */
const KEEP = /[\s\-?\u2010-\u2015\u2026\p{Cf}]/u;
const COMBINING = /\p{M}/u;
const IDEOGRAPHIC = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\u3001-\u303f\uff01-\uff60]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
/** Skin tones and the like: drawn into the emoji before them. */
const MODIFIER = /\p{Emoji_Modifier}/u;
const UPPER = /\p{Lu}|\p{Lt}/u;

function classify(ch: string): string {
  if (KEEP.test(ch)) return ch;
  for (const [glyph, members] of CLASSES) if (members.includes(ch)) return glyph;
  // An accented letter is as wide as its base letter (é as e, Ä as A).
  const base = ch.normalize('NFD')[0]!;
  if (base !== ch) {
    for (const [glyph, members] of CLASSES) if (members.includes(base)) return glyph;
  }
  if (COMBINING.test(ch) || MODIFIER.test(ch)) return '';
  if (IDEOGRAPHIC.test(ch)) return CJK;
  if (PICTOGRAPHIC.test(ch)) return EMOJI;
  return UPPER.test(ch) ? CAPITAL : LOWER;
}

/** Latin, Latin-1 and Latin Extended-A, looked up instead of classified. */
const TABLE: string[] = Array.from({ length: 0x180 }, (_, cp) => classify(String.fromCharCode(cp)));
const STAND_INS = [NARROW, SEMI, R, ROUND, LOWER, WIDE, CAPITAL, WIDE_CAPITAL, CJK, EMOJI].join('');

/** Same lines, same rough width, none of the letters. Idempotent: masked text masks to itself. */
export function maskText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < TABLE.length ? TABLE[code]! : classify(ch);
  }
  return out;
}

const OLD_MASKED = /^[\s*]*$/;
const KEPT_OR_STAND_IN = new RegExp(`^(?:${KEEP.source}|[${STAND_INS}])*$`, 'u');

/**
 * True for text that holds nothing readable: masked by maskText, masked with stars
 * (recordings made before this masking), or only whitespace and break characters.
 */
export function isMaskedText(text: string): boolean {
  if (OLD_MASKED.test(text)) return true;
  return KEPT_OR_STAND_IN.test(text);
}
