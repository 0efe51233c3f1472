// t(): every word the viewer shows, in the current locale. See ARCHITECTURE.md,
// "Adding a string to the viewer".
import type { Child } from '../ui/dom.ts';
import { currentLocale, intlLocale } from './locale.ts';
import { fillMessage } from './message-format.ts';
import type { ParamsOf } from './message-types.ts';
import { CATALOGUES, type English, type MessageKey } from './messages.ts';

/** No second argument for a message without placeholders; otherwise exactly its placeholders (and `count` for a plural). */
type Args<K extends MessageKey, V> = [ParamsOf<English[K], V>] extends [never] ? [] : [params: ParamsOf<English[K], V>];

/** The message as text, e.g. t('audit.entries', { count: 3 }) → "3 entries" / "3 Einträge". */
export function t<K extends MessageKey>(key: K, ...args: Args<K, string | number>): string {
  return fillMessage<string | number>(CATALOGUES[currentLocale()][key], intlLocale(), args[0]).join('');
}

/**
 * The message as DOM children, for text with an element inside it:
 * h('p', null, ...tNodes('notFound.text', { link: h('a', { href }, t('notFound.link')) })).
 * Values are placed as nodes or text nodes (never parsed as HTML), so the word
 * order around the element is the translation's, not the code's.
 */
export function tNodes<K extends MessageKey>(key: K, ...args: Args<K, Child>): Child[] {
  return fillMessage<Child>(CATALOGUES[currentLocale()][key], intlLocale(), args[0]);
}
