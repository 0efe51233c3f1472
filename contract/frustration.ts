// The frustration rules, one home for every room: the recorder flags clicks with them
// where the DOM is, and anything that judges clicks later (tests, a re-scan of stored
// clicks) uses the same numbers. Pure: no DOM, no Node.

export interface RageRule {
  /** Clicks in a burst before it counts as rage. */
  minClicks: number;
  /** Longest time from the burst's first click to its last, in ms. */
  windowMs: number;
  /** Farthest a click may land from the burst's first click, in CSS px. */
  radiusPx: number;
}

/** In the range other replay tools use: 3 clicks, under a second, one target's size. */
export const RAGE_RULE: RageRule = { minClicks: 3, windowMs: 700, radiusPx: 30 };

/** A click after which nothing happened (no DOM change, input or navigation) for this long is dead. */
export const DEAD_AFTER_MS = 1000;

export interface TimedPoint {
  ts: number;
  x: number;
  y: number;
}

/**
 * The rage bursts that end with `last`, given the clicks before it (same page view,
 * in time order): indexes into `[...before, last]` of every click in a burst that
 * starts at any earlier click within the window and holds `minClicks` clicks within
 * `radiusPx` of its first. Every click is tried as a burst's first, so a long tantrum
 * is flagged end to end and a stray click elsewhere does not break the burst. Fed one
 * click at a time, it flags exactly what `flagRageClicks` flags over the whole list.
 */
export function rageBurstEndingWith(before: readonly TimedPoint[], last: TimedPoint, rule: RageRule = RAGE_RULE): number[] {
  const all = [...before, last];
  const radius2 = rule.radiusPx * rule.radiusPx;
  const flagged = new Set<number>();
  for (let first = 0; first < all.length; first++) {
    const start = all[first]!;
    if (last.ts - start.ts > rule.windowMs) continue;
    const burst: number[] = [];
    for (let i = first; i < all.length; i++) {
      const c = all[i]!;
      const dx = c.x - start.x;
      const dy = c.y - start.y;
      if (dx * dx + dy * dy <= radius2) burst.push(i);
    }
    if (burst.length >= rule.minClicks && burst.includes(all.length - 1)) for (const i of burst) flagged.add(i);
  }
  return [...flagged].sort((a, b) => a - b);
}

/** One flag per click of one page view (sorted by time): is it part of a rage burst? */
export function flagRageClicks(clicks: readonly TimedPoint[], rule: Partial<RageRule> = {}): boolean[] {
  const r = { ...RAGE_RULE, ...rule };
  const flags = new Array<boolean>(clicks.length).fill(false);
  clicks.forEach((click, n) => {
    let from = n;
    while (from > 0 && click.ts - clicks[from - 1]!.ts <= r.windowMs) from--;
    for (const i of rageBurstEndingWith(clicks.slice(from, n), click, r)) flags[from + i] = true;
  });
  return flags;
}
