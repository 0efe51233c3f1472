// Intl formatters are costly to build (a page's first DateTimeFormat takes 15–30 ms,
// see pages/replay/late-date.ts) and cheap to reuse, so each is built once per
// locale and options, on first use.

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.ListFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules | Intl.ListFormat>(kind: string, locale: string, options: object, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}) => cached('n', locale, options, () => new Intl.NumberFormat(locale, options));

export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) => cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options));

export const pluralRules = (locale: string) => cached('p', locale, {}, () => new Intl.PluralRules(locale));

export const listFormat = (locale: string, options: Intl.ListFormatOptions = {}) => cached('l', locale, options, () => new Intl.ListFormat(locale, options));
