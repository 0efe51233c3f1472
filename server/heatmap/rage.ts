// Rage clicks: a visitor hammering the same spot because nothing happens.
import type { Click } from '../schemas.ts';

export interface RageRule {
  /** Clicks in a burst before it counts as rage. */
  minClicks: number;
  /** Longest time from the burst's first click to its last, in ms. */
  windowMs: number;
  /** Farthest a click may land from the burst's first click, in CSS px. */
  radiusPx: number;
}

/** Defaults in the range other replay tools use (3 clicks, under a second, one target's size). */
export const RAGE_RULE: RageRule = { minClicks: 3, windowMs: 700, radiusPx: 30 };

/**
 * Flags, for clicks of one page view sorted by time, each click that belongs to a
 * burst: at least `minClicks` clicks within `windowMs` and `radiusPx` of the burst's
 * first click. Every click is tried as a burst's first, so a long tantrum is flagged
 * end to end, and a stray click elsewhere in the middle does not break the burst.
 * Returns one flag per click, in the same order.
 */
export function flagRageClicks(clicks: readonly Pick<Click, 'ts' | 'x' | 'y'>[], rule: Partial<RageRule> = {}): boolean[] {
  const { minClicks, windowMs, radiusPx } = { ...RAGE_RULE, ...rule };
  const flags = new Array<boolean>(clicks.length).fill(false);
  const radius2 = radiusPx * radiusPx;
  for (let first = 0; first < clicks.length; first++) {
    const start = clicks[first]!;
    const burst = [first];
    for (let next = first + 1; next < clicks.length; next++) {
      const c = clicks[next]!;
      if (c.ts - start.ts > windowMs) break;
      const dx = c.x - start.x;
      const dy = c.y - start.y;
      if (dx * dx + dy * dy <= radius2) burst.push(next);
    }
    if (burst.length >= minClicks) for (const i of burst) flags[i] = true;
  }
  return flags;
}
