// The timings the recorder lives by, in one object passed down from start-up. Every visitor
// gets the defaults; a test page shortens them with data-test-timings (recorder-settings.ts),
// so end-to-end tests wait for what happened instead of for real seconds.
import { DEAD_AFTER_MS, RAGE_RULE } from '../contract/frustration.ts';

export interface Timings {
  /** The open chunk is drafted this often (kept in the outbox, compressed ahead)... */
  draftMs: number;
  /** ...and cut about this often (a whole number of drafts): a longer chunk compresses better (measured on bench/wire-bytes.ts). */
  chunkMs: number;
  /** A click after which nothing happened for this long is dead. */
  deadMs: number;
  /** Longest time from a rage burst's first click to its last. */
  rageMs: number;
  /** A tab's session ends after this long without a chunk, as in most analytics tools (30 minutes). */
  idleMs: number;
}

export const DEFAULT_TIMINGS: Readonly<Timings> = { draftMs: 5000, chunkMs: 10_000, deadMs: DEAD_AFTER_MS, rageMs: RAGE_RULE.windowMs, idleMs: 30 * 60 * 1000 };

/** What a test may ask for: short enough for a test, never a request storm (every value stays a few drafts per second at most). */
const BOUNDS: Record<keyof Timings, [number, number]> = {
  draftMs: [100, 60_000],
  chunkMs: [100, 600_000],
  deadMs: [50, 10_000],
  rageMs: [100, 5000],
  idleMs: [1000, 24 * 60 * 60 * 1000],
};

/** `data-test-timings` as JSON, e.g. `{"chunkMs":1000,"draftMs":500}`: each valid key overrides its default; anything else is ignored. */
export function parseTimings(json: string | undefined): Timings {
  const timings = { ...DEFAULT_TIMINGS };
  if (!json || json.length > 500) return timings;
  let asked: unknown;
  try {
    asked = JSON.parse(json);
  } catch {
    return timings;
  }
  if (!asked || typeof asked !== 'object') return timings;
  for (const key of Object.keys(BOUNDS) as (keyof Timings)[]) {
    const value = (asked as Record<string, unknown>)[key];
    const [min, max] = BOUNDS[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) timings[key] = value;
  }
  // A chunk is a whole number of drafts, at least one.
  if (timings.chunkMs < timings.draftMs) timings.chunkMs = timings.draftMs;
  return timings;
}
