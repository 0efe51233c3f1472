// The cheap looks that let nearly every chunk through without a closer one: first a
// native search for the keys page text sits under, then one regex over the text for
// a string value holding what any detector needs. Measured on the load test's 60 KB
// chunks (750 KB of JSON): the keys 0.001 ms, the regex about 0.4 ms.
//
// The text is read as latin1 (one character per byte, so indexes are byte offsets,
// and every byte of a multi-byte UTF-8 character is above 0x7f: never a quote, digit,
// capital or '@'), in windows cut between two events ('},{"type":' holds bare quotes,
// so it is never inside a string). Small strings live and die in V8's young heap; one
// string of a 750 KB text costs ten times more to make (0.95 against 0.09 ms).
/** Page text is only ever under these keys: a chunk of mouse moves and scrolls has none. */
const TEXT_KEYS = ['"textContent":"', '"attributes":{', '"value":"', '"text":"'].map((k) => Buffer.from(k));

export const mayHoldPageText = (json: Buffer): boolean => TEXT_KEYS.some((key) => json.includes(key));

// The start of what each detector in detect.ts needs, as it stands in the raw JSON
// text (latin1, so a no-break space is the two bytes C2 A0): an '@'; two capitals and
// two digits (IBAN); '+' or '(' and a digit, '0' and digits before a separator, or
// 3-3-4 digits (phone); 2-6 and twelve more digits, bare or grouped (card). Kept a
// superset of the detectors by a test; a looser look (any seven digits close
// together) let class names like "row-10 939f8c" through to the detectors.
const SEP = String.raw`(?:[ -]|\\?\/|\xc2\xa0|\\u00[aA]0)`;
const NEEDS = [
  '@',
  String.raw`[A-Z]{2}\d\d`,
  String.raw`[+(]\d`,
  String.raw`0\d{1,12}${SEP}\d`,
  String.raw`\d{3}[ .-]\d{3}[ .-]\d{4}`,
  String.raw`[2-6]\d{3}(?:\d{9}|[ -]\d{4}[ -]\d{4}|[ -]\d{6}[ -]\d{4})`,
].join('|');

/**
 * A string value (after `":"`) holding the start of some personal data. The engine, not
 * a loop of ours, passes over the values without any (nearly all). Escapes are stepped
 * over whole, so an escaped quote does not end the value early.
 */
export const CANDIDATE_VALUE = new RegExp(String.raw`":"(?:[^"\\]|\\.)*?(?:${NEEDS})`, 'g');

const WINDOW_BYTES = 64 * 1024;
const BETWEEN_EVENTS = Buffer.from('},{"type":');

/** The text as latin1 strings of whole events, one character per byte: indexes plus `offset` are byte offsets. */
export function* eventWindows(json: Buffer): Generator<{ offset: number; text: string }> {
  for (let start = 0; start < json.length; ) {
    const cut = start + WINDOW_BYTES >= json.length ? -1 : json.indexOf(BETWEEN_EVENTS, start + WINDOW_BYTES);
    const end = cut < 0 ? json.length : cut + 1;
    yield { offset: start, text: json.toString('latin1', start, end) };
    start = end;
  }
}
