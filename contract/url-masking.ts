// How much of a URL a recording may keep, by privacy mode. Runs in the visitor's
// browser on every URL of a recording (page address, link targets, resource URLs)
// and again on the server over the URLs it derives rows from, so a recorder that
// sent more than the site allows is corrected before anything is stored.
// Pure: no DOM, no Node. The personal-data detector comes in as a parameter.

export interface UrlPolicy {
  mode: 'strict' | 'balanced';
  /** Query keys whose values the site declares safe (its page grouping keys); `utm_*` always are. */
  safeKeys: readonly string[];
  /** The text with its personal parts masked, '*' per character (email, phone, card, IBAN). */
  scrub(text: string): string;
}

/** The value that replaces a hidden query value: it hides the length too. */
export const HIDDEN_VALUE = '***';

// Substring match on purpose: hiding a harmless "keyword" costs nothing, a leaked token a lot.
const SENSITIVE_KEY = /mail|token|pass|pwd|secret|key|session|sid|auth|code|otp|ssn|phone|tel|card|iban|account|name|address|zip|user/i;
const CREDENTIAL = /^[\w\-.~+/=]{24,}$/;
const CAMPAIGN_KEY = /^utm_/i;
/** What a site may declare as a safe query key (PATCH /api/v1/sites/:key, data-query-keys). */
export const QUERY_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_QUERY_KEYS = 20;

const maskChars = (text: string): string => text.replace(/\S/g, '*');

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // malformed %-escapes: judge the raw text
  }
}

/** A path segment or a key: only its personal parts are masked. */
function scrubPart(raw: string, policy: UrlPolicy): string {
  const text = decode(raw);
  const scrubbed = policy.scrub(text);
  return scrubbed === text ? raw : encodeURIComponent(scrubbed);
}

const isSafeKey = (key: string, policy: UrlPolicy): boolean => CAMPAIGN_KEY.test(key) || policy.safeKeys.includes(key);

/** True when balanced mode would keep this value: its key and the value itself look harmless. */
function looksHarmless(key: string, value: string, policy: UrlPolicy): boolean {
  if (SENSITIVE_KEY.test(key) || CREDENTIAL.test(value)) return false;
  const text = decode(value.replace(/\+/g, ' '));
  return policy.scrub(text) === text;
}

/**
 * `a=1&b=2` from a query or a fragment (the OAuth implicit flow puts access_token there).
 * Balanced hides values that look sensitive; strict hides every value but a safe key's,
 * and a safe key's value too when it looks sensitive. A bare word (`?alice`) is a value
 * with no key: strict hides it unless it is a safe key.
 */
function maskParams(params: string, policy: UrlPolicy): string {
  const strict = policy.mode === 'strict';
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return !pair || !strict || isSafeKey(decode(pair), policy) ? scrubPart(pair, policy) : HIDDEN_VALUE;
      const key = decode(pair.slice(0, eq));
      const value = pair.slice(eq + 1);
      const keep = !value || ((!strict || isSafeKey(key, policy)) && looksHarmless(key, value, policy));
      return `${scrubPart(pair.slice(0, eq), policy)}=${keep ? value : HIDDEN_VALUE}`;
    })
    .join('&');
}

/** A fragment is parameters (`#access_token=...`) or an anchor / client-side route, read like a path. */
function maskFragment(hash: string, policy: UrlPolicy): string {
  if (hash.includes('=')) return maskParams(hash, policy);
  return hash.split('/').map((part) => scrubPart(part, policy)).join('/');
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Scheme, host and path stay (their personal parts masked); credentials go; query and
 * fragment values go by mode (maskParams). Relative or broken URLs lose query and
 * fragment whole: without a parser keys cannot be told from values. Never throws.
 */
export function maskUrlForMode(url: string, policy: UrlPolicy): string {
  const u = parse(url);
  // A same-document reference (an SVG sprite's #icon-cart, an in-page anchor) is kept like a fragment.
  if (!u && url.startsWith('#')) return '#' + maskFragment(url.slice(1), policy);
  if (!u) return policy.scrub(url.replace(/[?#][\s\S]*/, ''));
  const address = u.protocol === 'mailto:' || u.protocol === 'tel:';
  // user:password@ is left out on purpose: it is a credential.
  const head = u.protocol + (u.host ? '//' + u.host : '');
  const path = address ? maskChars(u.pathname) : u.pathname.split('/').map((part) => scrubPart(part, policy)).join('/');
  const query = u.search && '?' + maskParams(u.search.slice(1), policy);
  const hash = u.hash && '#' + maskFragment(u.hash.slice(1), policy);
  return head + path + query + hash;
}

/**
 * Where a link or form leads: never needed to draw a replay. Strict keeps a link to
 * another origin as that origin alone (a profile page's path names the person), and
 * of a link that is no web address (mailto:, tel:, javascript:) the scheme alone,
 * masked to its length. Same-origin links and balanced mode go as maskUrlForMode.
 */
export function maskLinkTarget(url: string, pageOrigin: string, policy: UrlPolicy): string {
  if (policy.mode !== 'strict') return maskUrlForMode(url, policy);
  const u = parse(url);
  if (!u) return maskUrlForMode(url, policy);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.protocol + maskChars(url.slice(u.protocol.length));
  return u.origin === pageOrigin ? maskUrlForMode(url, policy) : u.origin;
}

/** A site's declared safe keys, from any source: only valid ones, at most MAX_QUERY_KEYS. */
export function validQueryKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.filter((k) => QUERY_KEY.test(k)))].slice(0, MAX_QUERY_KEYS);
}
