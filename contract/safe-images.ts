// Image addresses a site declares safe to record and capture in strict mode (product
// photos, icons): an origin with a path prefix (`https://cdn.example.com/products/`) or a
// path prefix on the site's own origins (`/static/icons/`). Matched on the parsed URL's
// origin and whole path segments, never as text: `https://cdn.example.com.evil.com/`,
// `/static/icons-private/` and `/static/icons/../avatars/` do not match. Shared by the
// recorder (which images leave the page) and the server (which are captured).

export const MAX_SAFE_IMAGES = 20;
export const MAX_SAFE_IMAGE_LENGTH = 200;

export interface SafeImagePrefix {
  /** null: any of the site's own origins (the page's, in the recorder). */
  origin: string | null;
  /** Starts with "/"; a trailing "/" names a folder, else one file or the folder of that name. */
  path: string;
}

/** Dot segments or separators a server may decode into another folder: never declared, never matched. */
const TRICKY_PATH = /%2e|%2f|%5c|\\|\/\.\.?(?:\/|$)/i;
const PLACEHOLDER_ORIGIN = 'https://placeholder.invalid';

/** The prefix `text` declares, or null when it is not one (a query, credentials, dot segments...). */
export function parseSafeImagePrefix(text: string): SafeImagePrefix | null {
  if (text.length === 0 || text.length > MAX_SAFE_IMAGE_LENGTH || /[?#"'\s<>]/.test(text)) return null;
  const relative = text.startsWith('/');
  if (relative ? text.startsWith('//') : !/^https?:\/\/[^/]/i.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  const rawPath = relative ? text : text.replace(/^https?:\/\/[^/]*/i, '') || '/';
  if (url.username || url.password || TRICKY_PATH.test(rawPath) || url.pathname !== encodeURI(decodeURISafe(rawPath))) return null;
  return { origin: relative ? null : url.origin, path: url.pathname };
}

function decodeURISafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** The normal form a declared prefix is kept in (lower-case host, default port dropped), or null. */
export function normalSafeImagePrefix(text: string): string | null {
  const p = parseSafeImagePrefix(text);
  return p && (p.origin ?? '') + p.path;
}

/** Whether `path` is `prefix` or lies under it, by whole segments. */
const underPath = (path: string, prefix: string) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : prefix + '/');

/**
 * A test for image URLs against the declared prefixes; `ownOrigins` are what an
 * origin-relative prefix applies to. Invalid prefixes are left out.
 */
export function safeImageMatcher(prefixes: readonly string[], ownOrigins: readonly string[]): (url: string) => boolean {
  const parsed = prefixes.map(parseSafeImagePrefix).filter((p): p is SafeImagePrefix => p !== null);
  if (!parsed.length) return () => false;
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || TRICKY_PATH.test(url.pathname)) return false;
    return parsed.some((p) => (p.origin === null ? ownOrigins.includes(url.origin) : p.origin === url.origin) && underPath(url.pathname, p.path));
  };
}
