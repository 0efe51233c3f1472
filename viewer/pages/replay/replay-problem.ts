// Whether a session's events can be replayed at all. Pure: the replay page
// shows this message instead of a player that would render a blank frame.
import { t } from '../../i18n/translate.ts';

/** rrweb's EventType.FullSnapshot: without one there is no DOM to replay into. */
const FULL_SNAPSHOT = 2;

/** Why these events cannot be replayed, in words for the researcher; null when they can. */
export function replayProblem(events: readonly { type: number }[]): string | null {
  if (events.length < 2) {
    return t(events.length === 0 ? 'replay.problem.noEvents' : 'replay.problem.oneEvent');
  }
  if (!events.some((e) => e.type === FULL_SNAPSHOT)) {
    return t('replay.problem.noSnapshot');
  }
  return null;
}
