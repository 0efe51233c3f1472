// Which language the viewer speaks: the person's saved choice, else the first of
// the browser's languages we have, else English. One current locale for the whole
// viewer, like <html lang>; main.ts re-renders the page when it changes.

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language in its own words, so the switch reads right whatever is showing. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', de: 'Deutsch' };

const STORAGE_KEY = 'einblick.viewer.locale';

const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

const baseOf = (tag: string) => tag.toLowerCase().split('-')[0] ?? '';

/** Saved choice > the first of the browser's languages we have (de-AT → de) > English. */
export function pickLocale(saved: string | null, languages: readonly string[]): Locale {
  if (isLocale(saved)) return saved;
  for (const tag of languages) {
    const base = baseOf(tag);
    if (isLocale(base)) return base;
  }
  return 'en';
}

/**
 * The tag Intl formats with: the browser's own regional variant of the chosen
 * language (en-GB writes 2 December, not December 2), else the bare language.
 */
export function intlLocaleFor(locale: Locale, languages: readonly string[]): string {
  return languages.find((tag) => baseOf(tag) === locale) ?? locale;
}

let current: { locale: Locale; intl: string } = { locale: 'en', intl: 'en' };
const listeners = new Set<() => void>();

export const currentLocale = (): Locale => current.locale;

/** The locale for Intl formatters (dates, numbers, plural rules). */
export const intlLocale = (): string => current.intl;

function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
}

/** Sets the locale and `<html lang>`, and tells every listener. Not saved: see chooseLocale. */
export function setLocale(locale: Locale, languages: readonly string[] = browserLanguages()): void {
  current = { locale, intl: intlLocaleFor(locale, languages) };
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

/** At start: the saved choice or the browser's languages. */
export function startLocale(): void {
  setLocale(pickLocale(readSaved(), browserLanguages()));
}

/** The person picked a language in the header: remember it in this browser and switch. */
export function chooseLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage blocked (a private window, a policy): the choice holds until the tab closes.
  }
  setLocale(locale);
}

/** Returns the function that stops listening. */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
