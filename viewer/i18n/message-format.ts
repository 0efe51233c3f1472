// Turns one catalogue message into text or DOM children: picks the plural form for
// `count`, fills `{name}` placeholders, and writes numbers in the locale's way
// (10.000 in German). Pure apart from the cached Intl objects, so it is unit-tested.
import type { Message } from './message-types.ts';
import { numberFormat, pluralRules } from './intl-cache.ts';

const PLACEHOLDER = /\{(\w+)\}/g;

export function pickForm(message: Message, locale: string, count: unknown): string {
  if (typeof message === 'string') return message;
  if (typeof count !== 'number') return message.other;
  return message[pluralRules(locale).select(count)] ?? message.other;
}

/**
 * The message as a list of pieces: text, and each placeholder's value as given
 * (a DOM node stays a node); numbers are formatted. A placeholder without a value
 * stays visible as `{name}`, so a missing one shows rather than vanishing.
 */
export function fillMessage<V>(message: Message, locale: string, params: Readonly<Record<string, V>> = {}): (string | V)[] {
  const text = pickForm(message, locale, params['count']);
  const pieces: (string | V)[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (match.index > last) pieces.push(text.slice(last, match.index));
    const value = Object.hasOwn(params, name) ? params[name]! : undefined;
    if (value === undefined) pieces.push(match[0]);
    else pieces.push(typeof value === 'number' ? numberFormat(locale).format(value) : value);
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

/** The placeholder names a message uses, across all its plural forms. */
export function placeholdersOf(message: Message): Set<string> {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return new Set(texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!)));
}
