// Browser and OS of a session, from the User-Agent header at ingest: family and major
// version only (what a researcher filters by), and never the header itself, whose full
// text helps fingerprint a visitor. Parsed with bowser (MIT).
import Bowser from 'bowser';

export interface Platform {
  browser: string;
  browserMajor: string;
  os: string;
  osMajor: string;
}

export const UNKNOWN_PLATFORM: Platform = { browser: '', browserMajor: '', os: '', osMajor: '' };

const major = (version: string | undefined): string => /^\d{1,6}/.exec(version ?? '')?.[0] ?? '';
// Names go into a filter and a table cell: keep them short and plain.
const family = (name: string | undefined): string => (name ?? '').replace(/[^\p{L}\p{N} ._-]/gu, '').trim().slice(0, 48);

/** `ua`: the request's User-Agent header, if any. Windows reports "10" and "11" alike as "NT 10.0": its versionName is used. */
export function platformOf(header: string | undefined): Platform {
  if (!header) return UNKNOWN_PLATFORM;
  // Cut once: the cache keys and the parser both see at most 512 characters of it.
  const ua = header.slice(0, 512);
  const known = recent.get(ua);
  if (known) return known;
  if (recent.size >= RECENT) recent.clear();
  const platform = parse(ua);
  recent.set(ua, platform);
  return platform;
}

// Every chunk of a session carries the same header, and most visitors share a few:
// parsed once each (bounded, cleared whole when full).
const RECENT = 512;
const recent = new Map<string, Platform>();

function parse(ua: string): Platform {
  const p = Bowser.parse(ua);
  const browser = family(p.browser.name);
  const os = family(p.os.name);
  return {
    browser,
    browserMajor: browser ? major(p.browser.version) : '',
    os,
    osMajor: os ? major(os === 'Windows' ? p.os.versionName : p.os.version) : '',
  };
}

/** "Chrome 120", "Chrome", or '' when unknown. */
export const platformLabel = (name: string, version: string): string => (version ? `${name} ${version}` : name);
