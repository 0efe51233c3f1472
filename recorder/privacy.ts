// Masking rules and personal-data detectors. Everything here runs in the visitor's
// browser on every text node, attribute and URL before an event is queued, so it is
// pure, small, and skips text that cannot hold personal data before any regex runs.
import type { PrivacyMode } from './types.ts';
import type { UrlPolicy } from '../contract/url-masking.ts';

export type { PrivacyMode };

/** Keeps whitespace so masked text wraps and takes the same room as the original. */
import { maskText } from '../contract/mask-text.ts'; export { maskText };

// The detectors are shared with the server's scan (contract/personal-data.ts), so both
// lines of masking find the same things.
export { isIbanValid, isLuhnValid, looksPersonal } from '../contract/personal-data.ts';
import { looksPersonal, scrubPersonalData as scrubWith } from '../contract/personal-data.ts';

/** Page text with its personal data masked by width-keeping stand-ins, so it breaks into the same lines. */
export const scrubPersonalData = (text: string): string => scrubWith(text, maskText);

/** The URL rule of a recording (contract/url-masking.ts) with the detectors; URLs mask with '*'. */
export const urlPolicy = (mode: PrivacyMode, safeKeys: readonly string[] = []): UrlPolicy => ({ mode, safeKeys, scrub: (t) => scrubWith(t) });

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
