// The server's personal-data detectors: the second line behind the browser's
// masking (recorder/privacy.ts holds the first; rooms share types, not code, so the
// server keeps its own). Pure: a text in, the personal data found in it out.
import type { LeakKind } from '../schemas.ts';

export interface Finding {
  kind: LeakKind;
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
  for (const ch of s.slice(4) + s.slice(0, 4)) {
    const v = parseInt(ch, 36);
    rest = ((v > 9 ? rest * 100 : rest * 10) + v) % 97;
  }
  return rest === 1;
}

// One combined regex, so a span belongs to the first alternative that claims it: a
// checksum-invalid IBAN stays whole instead of having its digit groups read as a
// phone number, and a date is claimed only to be let go. No nested optional
// repetition (no ReDoS on hostile text).
const EMAIL = String.raw`\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[A-Za-z]{2,24}`;
const IBAN = String.raw`\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b`;
// Industry digits 2-6 are the payment networks; leaving out 1 keeps millisecond
// timestamps (17...) out. Grouped as printed: 4-4-4-4, or 4-6-5 / 4-6-4 (Amex, Diners).
const CARD = String.raw`\b[2-6]\d{3}(?:\d{9,15}|(?:[ -]\d{4}){3}|[ -]\d{6}[ -]\d{4,5})\b`;
const DATE = String.raw`\b\d\d?[./-]\d\d?[./-]\d{2,4}\b`;
const SEP = String.raw`[ \u00a0/-]`;
const PHONE = [
  String.raw`\B\+\d{1,15}(?:${SEP}?\(\d{1,5}\)\d*)?(?:${SEP}\d{1,12}){0,6}`,
  String.raw`\b0\d{1,12}(?:${SEP}\d{1,12}){1,6}`,
  String.raw`\((?:0\d{1,6}|\d{3})\)${SEP}?\d{1,12}(?:${SEP}\d{1,12}){0,6}`,
  String.raw`\b\d{3}[ .-]\d{3}[ .-]\d{4}\b`,
].join('|');
const PERSONAL = new RegExp(`(${EMAIL})|(${IBAN})|(${CARD})|(${DATE})|(${PHONE})`, 'g');

/**
 * A cheap first look: every detector needs an '@', or seven digits close together,
 * or two capitals before two digits (an IBAN). Most recorded text has none of these.
 */
const CANDIDATE = /@|[A-Z]{2}\d\d|\d(?:\D{0,2}\d){6}/;

export const mayHoldPersonalData = (text: string): boolean => CANDIDATE.test(text);

function kindOf(match: string, email?: string, iban?: string, card?: string, phone?: string): LeakKind | null {
  if (email) return 'email';
  if (iban) return isIbanValid(iban) ? 'iban' : null;
  if (card) return isLuhnValid(match.replace(/\D/g, '')) ? 'card' : null;
  // A phone number needs 7 digits; bare digit runs (order numbers, ids) never match above.
  if (phone) return phone.replace(/\D/g, '').length >= 7 ? 'phone' : null;
  return null; // a date
}

/** Every email, Luhn-valid card number, checksum-valid IBAN and phone number in `text`. */
export function findPersonalData(text: string): Finding[] {
  if (!mayHoldPersonalData(text)) return [];
  const found: Finding[] = [];
  for (const m of text.matchAll(PERSONAL)) {
    const kind = kindOf(m[0], m[1], m[2], m[3], m[5]);
    if (kind) found.push({ kind, start: m.index, end: m.index + m[0].length });
  }
  return found;
}

/** Keeps whitespace and length, as the browser masks: the replay's layout stays true. */
export const maskText = (text: string): string => text.replace(/\S/g, '*');

/** The text with every finding masked, and what was found. */
export function maskPersonalData(text: string): { text: string; kinds: LeakKind[] } {
  const found = findPersonalData(text);
  if (!found.length) return { text, kinds: [] };
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.start) + maskText(text.slice(f.start, f.end));
    at = f.end;
  }
  return { text: out + text.slice(at), kinds: found.map((f) => f.kind) };
}
