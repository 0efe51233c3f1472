// Whether a session's events can be replayed at all. Pure: the replay page
// shows this message instead of a player that would render a blank frame.

/** rrweb's EventType.FullSnapshot: without one there is no DOM to replay into. */
const FULL_SNAPSHOT = 2;

/** Why these events cannot be replayed, in words for the researcher; null when they can. */
export function replayProblem(events: readonly { type: number }[]): string | null {
  if (events.length < 2) {
    return `This session has ${events.length === 0 ? 'no recorded events' : 'only one recorded event'}, which is not enough to replay. The visitor may have left right after consenting.`;
  }
  if (!events.some((e) => e.type === FULL_SNAPSHOT)) {
    return 'This session has no full page snapshot, so there is nothing to replay into. Its first chunk was probably lost in transit; the session details are still accurate.';
  }
  return null;
}
