// Which stretches of a session's timeline the player holds. Pure, so the rules for
// "is this moment loaded" and "what to load next" are tested without a browser.

/** [from, to) in epoch ms; from may be -Infinity (before the first snapshot), to Infinity (to the end). */
export interface Span { from: number; to: number }

/**
 * What a segment answer covers: the moment asked for belongs to it even when it starts
 * later (the first segment); a head (cut short at `until`) covers up to where its rest begins.
 */
export function spanOf(segment: { from: number; start: number | null; end: number | null; until?: number | null }): Span {
  if (segment.start === null) return { from: -Infinity, to: Infinity };
  return { from: segment.start > segment.from ? -Infinity : segment.start, to: segment.until ?? segment.end ?? Infinity };
}

/** Adds a span, merging it with those it touches; the result is sorted and disjoint. */
export function addSpan(spans: readonly Span[], span: Span): Span[] {
  const out: Span[] = [];
  let merged = { ...span };
  for (const s of spans) {
    if (s.to < merged.from || s.from > merged.to) out.push(s);
    else merged = { from: Math.min(s.from, merged.from), to: Math.max(s.to, merged.to) };
  }
  out.push(merged);
  return out.sort((a, b) => a.from - b.from);
}

export const covers = (spans: readonly Span[], ts: number): boolean => spans.some((s) => s.from <= ts && ts < s.to);

/**
 * The next moment to load: the first gap after `ts` (playback runs forward), else the
 * last gap before it, as the moment just before the stretch that follows the gap.
 * Null when everything is loaded.
 */
export function nextToLoad(spans: readonly Span[], ts: number): number | null {
  for (const s of spans) if (s.to > ts && s.to !== Infinity && !covers(spans, s.to)) return s.to;
  const before = spans.filter((s) => s.from <= ts && s.from !== -Infinity && !covers(spans, s.from - 1));
  const last = before[before.length - 1];
  if (last) return last.from - 1;
  if (!spans.length) return ts;
  return null;
}

/** How much of one segment the player holds: its first `count` events, the last of them `last`. */
export interface Held { count: number; last: { timestamp: number; type: number } | undefined }

export const heldOf = (events: readonly { timestamp: number; type: number }[]): Held => ({ count: events.length, last: events[events.length - 1] });

/**
 * The events of a segment answer the player does not hold yet. After its head, the whole
 * segment comes again: what follows the head's events is new. Should the stored chunks
 * have changed between the two answers (the prefix does not end on the same event),
 * the events after the last one held are taken instead.
 */
export function restOf<E extends { timestamp: number; type: number }>(held: Held | undefined, events: readonly E[]): E[] {
  if (!held || held.count === 0) return [...events];
  if (events.length <= held.count) return [];
  const end = events[held.count - 1]!;
  if (end.timestamp === held.last?.timestamp && end.type === held.last.type) return events.slice(held.count);
  return events.filter((e) => e.timestamp > (held.last?.timestamp ?? -Infinity));
}
