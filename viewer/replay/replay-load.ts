// What a replay waits for before its first frame: the session's summary and the
// segment it opens in (its start, or ?t=). Started by main.ts before the replay page's
// code is fetched, so the two requests run while that chunk downloads and parses.
import { FIRST_HEAD_UNTIL } from '../../contract/viewer-routes.ts';
import type { SessionAssets, SessionDetail } from '../../contract/schemas/index.ts';
import { getReplaySegment, getSession, getSessionAssets, type ReplaySegment } from '../api.ts';

export interface ReplayLoad {
  detail: Promise<SessionDetail>;
  first: Promise<ReplaySegment>;
  /** The captured copies the replay loads instead of the site's assets. */
  assets: Promise<SessionAssets>;
}

/** ?t=<ms into the session> opens the replay at that moment (links from heatmaps' rage and dead clicks). */
export function openAt(): number {
  const t = Number(new URLSearchParams(location.search).get('t'));
  return Number.isFinite(t) && t > 0 ? t : 0;
}


export function startReplayLoad(sessionId: string, signal: AbortSignal): ReplayLoad {
  const detail = getSession(sessionId, signal);
  const t = openAt();
  // From the start only the segment's head (its snapshot, the first seconds): the first
  // frame needs no more, and the rest of that segment streams in like the others.
  const first = t ? detail.then((d) => getReplaySegment(sessionId, d.startedAt + t, signal)) : getReplaySegment(sessionId, 0, signal, FIRST_HEAD_UNTIL);
  const assets = getSessionAssets(sessionId, signal);
  // Handled where they are awaited; until then, a page left early must not log an unhandled rejection.
  detail.catch(() => undefined);
  first.catch(() => undefined);
  assets.catch(() => undefined);
  return { detail, first, assets };
}
