// The personal-data detectors, one implementation for both lines of masking: the
// recorder runs them in the visitor's browser on every text before it is queued, the
// server runs them again on each chunk's recorded text (server/pii/). Pure and
// environment-free (no DOM, no Node): a text in, the personal data in it out.
//
// Every detector is a candidate pattern that a check confirms or lets go (Luhn for
// cards, ISO 13616 for IBANs, seven digits for phone numbers). The patterns run on
// text strangers wrote, so each one is linear: every repetition is bounded, no
// repetition nests an optional one, and an email's start is anchored where a run of
// address characters begins (a lookbehind), so a long run of them is tried once,
// not from each of its characters.

export type PersonalDataKind = 'email' | 'card' | 'iban' | 'phone';

export interface Finding {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 13616: the first four characters moved to the end, letters read as 10..35, mod 97 must be 1. */
export function isIbanValid(iban: string): boolean {
  const s = iban.replace(/\s/g, '');
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/i.test(s)) return false;
  let rest = 0;
  // Digit by digit keeps the remainder below 97 * 100, so no BigInt is needed.
  for (const ch of s.slice(4) + s.slice(0, 4)) {
    const v = parseInt(ch, 36);
    rest = ((v > 9 ? rest * 100 : rest * 10) + v) % 97;
  }
  return rest === 1;
}

// One combined regex, so a span belongs to the first alternative that claims it: a
// checksum-invalid IBAN stays whole instead of having its digit groups read as a
// phone number, and a date is claimed only to be let go (05/02/2024 10:00 is no
// phone number). A domain has at most 127 labels of 63 characters (RFC 1035), so
// an address with many dotted labels is still caught whole.
const EMAIL = String.raw`(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,126}\.[A-Za-z]{2,24}`;
const IBAN = String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`;
// ISO/IEC 7812 industry digits 2-6 are the payment networks; leaving out 1 keeps
// millisecond timestamps (17...) out. Grouped as printed: 4-4-4-4, or 4-6-5 / 4-6-4 (Amex, Diners).
const CARD = String.raw`\b[2-6]\d{3}(?:\d{9,15}|(?:[ -]\d{4}){3}|[ -]\d{6}[ -]\d{4,5})\b`;
const DATE = String.raw`\b\d\d?[./-]\d\d?[./-]\d{2,4}\b`;
// No '.' here: 01.02.2024 is a date, not a phone number. Up to 20 groups: a number
// spaced digit by digit (15 digits at most, E.164) is caught to its last group.
const SEP = String.raw`[ \u00a0/-]`;
const GROUPS = String.raw`(?:${SEP}\d{1,12}){0,20}`;
const PHONE = [
  String.raw`\B\+\d{1,15}(?:${SEP}?\(\d{1,5}\)\d{0,12})?${GROUPS}`, // +49 30 1234567, +1 (555) 123-4567, +49 (0)30 1234567
  String.raw`\b0\d{1,12}${SEP}\d{1,12}${GROUPS}`, // 030 1234 5678, 0171/1234567
  String.raw`\((?:0\d{1,6}|\d{3})\)${SEP}?\d{1,12}${GROUPS}`, // (030) 1234567, (555) 123-4567
  String.raw`\b\d{3}[ .-]\d{3}[ .-]\d{4}\b`, // 555-123-4567, 555.123.4567
].join('|');
const PERSONAL = new RegExp(`(${EMAIL})|(${IBAN})|(${CARD})|(${DATE})|(${PHONE})`, 'g');

/**
 * A cheap first look: every detector needs an '@', or seven digits close together,
 * or two capitals before two digits (an IBAN). Most text has none of these.
 */
const CANDIDATE = /@|[A-Z]{2}\d\d|\d(?:\D{0,2}\d){6}/;

export const mayHoldPersonalData = (text: string): boolean => CANDIDATE.test(text);

/** The patterns' sources, for the test that keeps every repetition in them bounded (a function: no bytes in the bundle). */
export const patternSources = (): string[] => [PERSONAL.source, CANDIDATE.source];

// A phone number needs 7 digits and a '+', a leading 0, parentheses or separators.
// Bare digit runs (order and customer numbers, ids, timestamps) are deliberately not
// phone numbers: they are far more common in page text, and typed values are masked anyway.
function kindOf(match: string, email?: string, iban?: string, card?: string, phone?: string): PersonalDataKind | null {
  if (email) return 'email';
  if (iban) return isIbanValid(iban) ? 'iban' : null;
  if (card) return isLuhnValid(match.replace(/\D/g, '')) ? 'card' : null;
  if (phone) return phone.replace(/\D/g, '').length >= 7 ? 'phone' : null;
  return null; // a date
}

/** Every email, Luhn-valid card number, checksum-valid IBAN and phone number in `text`, in order. */
export function findPersonalData(text: string): Finding[] {
  if (!mayHoldPersonalData(text)) return [];
  const found: Finding[] = [];
  // exec, not matchAll: matchAll copies the regex on every call, which cost 10-30 µs
  // for this one (measured), far more than matching a short text.
  PERSONAL.lastIndex = 0;
  for (let m = PERSONAL.exec(text); m; m = PERSONAL.exec(text)) {
    const kind = kindOf(m[0], m[1], m[2], m[3], m[5]);
    if (kind) found.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** Keeps whitespace, so masked text wraps and takes the same room as the original. */
export const maskText = (text: string): string => text.replace(/\S/g, '*');

/**
 * The text with every finding masked (same length), and the kind of each. `mask`: how a
 * finding is masked; page text takes contract/mask-text.ts's width-keeping stand-ins,
 * URLs and stored fields the plain `*` (stand-ins would be percent-encoded in a URL).
 */
export function maskPersonalData(text: string, mask: (found: string) => string = maskText): { text: string; kinds: PersonalDataKind[] } {
  const found = findPersonalData(text);
  if (!found.length) return { text, kinds: [] };
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + mask(text.slice(f.start, f.end));
    at = f.end;
  }
  return { text: out + text.slice(at), kinds: found.map((f) => f.kind) };
}

/** The text with its personal data masked; the same string when there is none. */
export const scrubPersonalData = (text: string, mask?: (found: string) => string): string => maskPersonalData(text, mask).text;

export const looksPersonal = (text: string): boolean => findPersonalData(text).length > 0;
