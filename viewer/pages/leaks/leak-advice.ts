// How a leak reads on the privacy desk: what leaked, where, and what the site owner
// can do about it. Pure, so the wording is unit-tested without a browser.
import type { LeakKind, LeakRow } from '../../../contract/schemas/index.ts';

export const LEAK_KINDS: Record<LeakKind, string> = {
  email: 'Email address',
  card: 'Card number',
  iban: 'IBAN',
  phone: 'Phone number',
};

type Place = Pick<LeakRow, 'element' | 'field'>;

/** "text of p.note", "title attribute of a#contact", "a text changed after load". */
export function leakPlace({ element, field }: Place): string {
  const of = element ? ` of ${element}` : '';
  if (field === 'text') return element ? `text${of}` : 'text changed after the page loaded';
  if (field === 'input') return `typed value${of}`;
  return `${field} attribute${of}`;
}

/** What to change on the site so the browser masks it before it is ever sent. */
export function leakFix({ element, field }: Place): string {
  if (field === 'text' && element) return `Add data-einblick-mask to ${element}: its text is then masked in the browser.`;
  if (field === 'text') return 'The recording names no element (the text changed after the page loaded): find it in a replay of this page, then add data-einblick-mask to it.';
  if (field === 'input') return `Input values are always masked in the browser, so this field is not a real input: add data-einblick-mask to ${element || 'it'}.`;
  return `Attributes are not covered by data-einblick-mask: keep personal data out of the ${field} attribute${element ? ` of ${element}` : ''}, or add data-einblick-block to leave the element out of recordings.`;
}
