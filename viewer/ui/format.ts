// How numbers, times and URLs read in the viewer. Pure, so the wording can be
// unit-tested without a browser; locale and time zone are parameters for that.

const SECOND = 1000;

/** A session length for people: "45 s", "4 min 12 s", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** A position inside a replay, like a media player: "0:07", "12:30", "1:02:03". */
export function formatOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function formatDateTime(epochMs: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(epochMs);
}

/** To the second, for records where the order within a minute matters (audit trail, erasure receipts). */
export function formatInstant(epochMs: number, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(epochMs);
}

/**
 * The part of a recorded URL a researcher scans for: path, query and hash,
 * without the origin, percent-decoded so "/über" does not read "/%C3%BCber".
 * Safe to decode: the result is only ever shown as text.
 */
export function pathOf(url: string): string {
  let path: string;
  try {
    const u = new URL(url);
    path = `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return url;
  }
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

export function formatViewport(width: number, height: number): string {
  return `${Math.round(width)}×${Math.round(height)}`;
}

/** A share 0..1 as a whole percentage; recorded values may overshoot slightly, so clamp. */
export function formatShare(share: number): string {
  return `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
}

export function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "3 pages", "1 page". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
