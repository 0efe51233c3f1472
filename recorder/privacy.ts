// Masking rules and personal-data detectors. Everything here runs in the visitor's
// browser on every text node, attribute and URL before an event is queued, so it is
// pure, small, and skips text that cannot hold personal data before any regex runs.
import type { PrivacyMode } from './types.ts';

export type { PrivacyMode };

/** Keeps whitespace so masked text wraps and takes the same room as the original. */
export const maskText = (text: string): string => text.replace(/\S/g, '*');

// The detectors are shared with the server's scan (contract/personal-data.ts), so both
// lines of masking find the same things.
export { isIbanValid, isLuhnValid, looksPersonal, scrubPersonalData } from '../contract/personal-data.ts';
import { looksPersonal, scrubPersonalData } from '../contract/personal-data.ts';

// Substring match on purpose: hiding a harmless "keyword" costs nothing, a leaked token a lot.
const SENSITIVE_KEY = /mail|token|pass|pwd|secret|key|session|sid|auth|code|otp|ssn|phone|tel|card|iban|account|name|address|zip|user/i;
const CREDENTIAL = /^[\w\-.~+/=]{24,}$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // malformed %-escapes: judge the raw text
  }
}

/** A path segment, fragment word or bare parameter: only its personal parts are masked. */
function scrubPart(raw: string): string {
  const text = decode(raw);
  const scrubbed = scrubPersonalData(text);
  return scrubbed === text ? raw : encodeURIComponent(scrubbed);
}

/** `a=1&b=2` from a query or a fragment (OAuth implicit flow puts access_token there). */
function scrubParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return scrubPart(pair);
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const hide =
        value &&
        (SENSITIVE_KEY.test(decode(key)) || CREDENTIAL.test(value) || looksPersonal(decode(value.replace(/\+/g, ' '))));
      return `${scrubPart(key)}=${hide ? '***' : value}`;
    })
    .join('&');
}

/** Scheme, host and path stay; credentials, personal path segments and sensitive query values go. Never throws. */
export function scrubUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Relative or broken: without a parser we cannot tell keys from values, so drop them all.
    return scrubPersonalData(url.replace(/[?#][\s\S]*/, ''));
  }
  const address = u.protocol === 'mailto:' || u.protocol === 'tel:';
  // user:password@ is left out on purpose: it is a credential.
  const head = u.protocol + (u.host ? '//' + u.host : '');
  const path = address ? maskText(u.pathname) : u.pathname.split('/').map(scrubPart).join('/');
  const query = u.search && '?' + scrubParams(u.search.slice(1));
  const hash = u.hash && '#' + scrubParams(u.hash.slice(1));
  return head + path + query + hash;
}

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
