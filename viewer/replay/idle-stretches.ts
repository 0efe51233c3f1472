// Stretches of a replay in which the visitor did nothing: no mouse, touch, scroll,
// resize or input. rrweb's skip-inactive jumps over the same kind of stretch; we mark
// them on our timeline so a researcher sees at once where the visit paused.
import type { eventWithTime } from '@rrweb/types';

const INCREMENTAL_SNAPSHOT = 3;
/** rrweb IncrementalSource values a visitor causes: MouseMove, MouseInteraction, Scroll, ViewportResize, Input, TouchMove, Drag. */
const BY_VISITOR = new Set([1, 2, 3, 4, 5, 6, 12]);
/** As rrweb-player's own inactive periods: shorter pauses are reading, not idling. */
export const IDLE_AFTER_MS = 10_000;

export interface Stretch { from: number; to: number }

const byVisitor = (e: eventWithTime): boolean =>
  e.type === INCREMENTAL_SNAPSHOT && BY_VISITOR.has((e.data as { source?: number }).source ?? -1);

/**
 * Idle stretches of at least `minMs` between `start` and `end` (epoch ms), as offsets
 * from `start`; `events` sorted by timestamp. The edges count: a visit that begins
 * with a long stare begins idle.
 */
export function idleStretches(events: readonly eventWithTime[], start: number, end: number, minMs = IDLE_AFTER_MS): Stretch[] {
  const stretches: Stretch[] = [];
  let last = start;
  const close = (at: number) => {
    if (at - last >= minMs) stretches.push({ from: last - start, to: at - start });
  };
  for (const e of events) {
    if (e.timestamp < start || e.timestamp > end || !byVisitor(e)) continue;
    close(e.timestamp);
    last = e.timestamp;
  }
  close(end);
  return stretches;
}
