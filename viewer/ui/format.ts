// How numbers, times and URLs read in the viewer, in the viewer's locale
// (i18n/locale.ts: 2. Dez. 2026 or Dec 2, 2026; 10.000 or 10,000). Pure apart
// from that locale; the formatters take locale and time zone as optional
// parameters, so the wording is unit-tested without a browser.
import { intlLocale } from '../i18n/locale.ts';
import { dateTimeFormat, listFormat, numberFormat } from '../i18n/intl-cache.ts';

const SECOND = 1000;

/** A session length for people: "45 s", "4 min 12 s", "1 h 05 min" (SI symbols, read the same in English and German). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** A position inside a replay, like a media player: "0:07", "12:30", "1:02:03". */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "Dec 2, 2026, 2:26 PM" / "02.12.2026, 14:26". */
export function formatDateTime(epochMs: number, locale = intlLocale(), timeZone?: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(epochMs);
}

/** To the second, for records where the order within a minute matters (audit trail, erasure receipts). */
export function formatInstant(epochMs: number, locale = intlLocale(), timeZone?: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(epochMs);
}

/** A day: "Dec 2, 2026" / "02.12.2026". */
export function formatDate(epochMs: number, locale = intlLocale(), timeZone?: string): string {
  return dateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(epochMs);
}

/** A time of day: "2:26 PM" / "14:26". */
export function formatTime(epochMs: number, locale = intlLocale(), timeZone?: string): string {
  return dateTimeFormat(locale, { timeStyle: 'short', timeZone }).format(epochMs);
}

/** A count or measure: "10,000" / "10.000"; options as Intl.NumberFormat's (e.g. maximumFractionDigits). */
export function formatNumber(n: number, options: Intl.NumberFormatOptions = {}, locale = intlLocale()): string {
  return numberFormat(locale, options).format(n);
}

/** "a, b, and c" / "a, b und c". */
export function formatList(items: readonly string[], locale = intlLocale()): string {
  return listFormat(locale, { type: 'conjunction' }).format(items);
}

/**
 * The part of a recorded URL a researcher scans for: path, query and hash,
 * without the origin, percent-decoded so "/über" does not read "/%C3%BCber".
 * Safe to decode: the result is only ever shown as text.
 */
export function pathOf(url: string): string {
  let path: string;
  try {
    const u = new URL(url);
    path = `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return url;
  }
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

export function formatViewport(width: number, height: number): string {
  return `${Math.round(width)}×${Math.round(height)}`;
}

/** A share 0..1 as a whole percentage; recorded values may overshoot slightly, so clamp. */
export function formatShare(share: number, locale = intlLocale()): string {
  const whole = Math.round(Math.min(1, Math.max(0, share)) * 100) / 100;
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(whole);
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "3 pages", "1 page". English only: new code uses a plural message with t() (i18n/translate.ts). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
