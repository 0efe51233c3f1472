// How a leak reads on the privacy desk: what leaked, where, and what the site owner
// can do about it. Pure apart from the viewer's language, so the wording is unit-tested.
import type { LeakKind, LeakRow } from '../../../contract/schemas/index.ts';
import { t } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/messages.ts';

const KIND_NAMES = {
  email: 'leaks.kind.email',
  card: 'leaks.kind.card',
  iban: 'leaks.kind.iban',
  phone: 'leaks.kind.phone',
} as const satisfies Record<LeakKind, MessageKey>;

export const leakKindName = (kind: LeakKind): string => t(KIND_NAMES[kind]);

type Place = Pick<LeakRow, 'element' | 'field'>;

/** "text of p.note", "title attribute of a#contact", "a text changed after load". */
export function leakPlace({ element, field }: Place): string {
  if (field === 'text') return element ? t('leaks.place.textOf', { element }) : t('leaks.place.textLater');
  if (field === 'input') return element ? t('leaks.place.inputOf', { element }) : t('leaks.place.input');
  return element ? t('leaks.place.attributeOf', { field, element }) : t('leaks.place.attribute', { field });
}

/** What to change on the site so the browser masks it before it is ever sent. */
export function leakFix({ element, field }: Place): string {
  if (field === 'text') return element ? t('leaks.fix.text', { element }) : t('leaks.fix.textLater');
  if (field === 'input') return element ? t('leaks.fix.input', { element }) : t('leaks.fix.inputUnnamed');
  return element ? t('leaks.fix.attribute', { field, element }) : t('leaks.fix.attributeUnnamed', { field });
}
