// Masking rules and personal-data detectors. Everything here runs in the visitor's
// browser on every text node, attribute and URL before an event is queued, so it is
// pure, small, and skips text that cannot hold personal data before any regex runs.
import type { PrivacyMode } from './types.ts';
import type { UrlPolicy } from '../contract/url-masking.ts';

export type { PrivacyMode };

/** Keeps whitespace so masked text wraps and takes the same room as the original. */
import { maskText } from '../contract/mask-text.ts'; export { maskText };

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

/** ISO 13616: move the first four characters to the end, read letters as 10..35, mod 97 must be 1. */
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

// Every alternative is a candidate that the validator below confirms or lets go. One
// combined regex means a candidate's span belongs to the first detector that claims
// it: a checksum-invalid IBAN stays whole instead of having its digit groups read
// as a phone number. The patterns avoid nested optional repetition (no ReDoS).
const EMAIL = String.raw`\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}`;
const IBAN = String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`;
// ISO/IEC 7812 industry digits 2-6 are the payment networks; leaving out 1 keeps
// millisecond timestamps (17...) out. Grouped as printed: 4-4-4-4, or 4-6-5 / 4-6-4 (Amex, Diners).
const CARD = String.raw`\b[2-6]\d{3}(?:\d{9,15}|(?:[ -]\d{4}){3}|[ -]\d{6}[ -]\d{4,5})\b`;
// No '.' here: 01.02.2024 is a date, not a phone number.
const SEP = String.raw`[ \u00a0/-]`;
const PHONE = [
  String.raw`\B\+\d+(?:${SEP}?\(\d+\)\d*)?(?:${SEP}\d+)*`, // +49 30 1234567, +1 (555) 123-4567, +49 (0)30 1234567
  String.raw`\b0\d+(?:${SEP}\d+)+`, // 030 1234 5678, 0171/1234567
  String.raw`\((?:0\d+|\d{3})\)${SEP}?\d+(?:${SEP}\d+)*`, // (030) 1234567, (555) 123-4567
  String.raw`\b\d{3}[ .-]\d{3}[ .-]\d{4}\b`, // 555-123-4567, 555.123.4567
].join('|');
// Claimed only to be let go: 05/02/2024 10:00 must not read as the phone number 05 02 2024 10.
const DATE = String.raw`\b\d\d?[./-]\d\d?[./-]\d{2,4}\b`;
const PERSONAL = new RegExp(`(${EMAIL})|(${IBAN})|(${CARD})|(${DATE})|${PHONE}`, 'g');

// A phone number needs 7 digits and a '+', a leading 0, parentheses or separators.
// Bare digit runs (order and customer numbers, ids, timestamps) are deliberately not
// phone numbers: they are far more common in page text, and typed values are masked anyway.
function isConfirmed(match: string, email?: string, iban?: string, card?: string, date?: string): boolean {
  if (email) return true;
  if (iban) return isIbanValid(iban);
  const digits = match.replace(/\D/g, '');
  if (card) return isLuhnValid(digits);
  return !date && digits.length >= 7;
}

export function scrubPersonalData(text: string): string {
  // Most text nodes have neither an '@' nor two digits in a row: they return untouched.
  if (!/@|\d\d/.test(text)) return text;
  return text.replace(PERSONAL, (match: string, email?: string, iban?: string, card?: string, date?: string) =>
    isConfirmed(match, email, iban, card, date) ? maskText(match) : match,
  );
}

export const looksPersonal = (text: string): boolean => scrubPersonalData(text) !== text;

/** The URL rule of a recording (contract/url-masking.ts) with the browser's detectors. */
export const urlPolicy = (mode: PrivacyMode, safeKeys: readonly string[] = []): UrlPolicy => ({ mode, safeKeys, scrub: scrubPersonalData });

/**
 * rrweb's maskTextFn. Editable text and data-einblick-mask are always masked; between
 * data-einblick-mask and data-einblick-unmask the nearest ancestor wins, so a site can
 * unmask a region and mask one element inside it (or the reverse).
 */
export function maskTextFor(mode: PrivacyMode, text: string, el: Element | null): string {
  // One lookup for the usual text node, which has none of these above it (rrweb asks once per text node).
  const marked = el?.closest('[contenteditable],[data-einblick-mask],[data-einblick-unmask]');
  if (!marked) return mode === 'balanced' ? scrubPersonalData(text) : maskText(text);
  const editable = marked.getAttribute('contenteditable') !== null ? marked : marked.closest('[contenteditable]');
  if (editable && editable.getAttribute('contenteditable') !== 'false') return maskText(text);
  const nearest = marked.closest('[data-einblick-mask],[data-einblick-unmask]');
  if (nearest && nearest.getAttribute('data-einblick-mask') !== null) return maskText(text);
  return mode === 'balanced' || nearest ? scrubPersonalData(text) : maskText(text);
}
