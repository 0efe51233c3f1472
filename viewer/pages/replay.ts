// /viewer/sessions/:id : the replay of one session, our timeline under it,
// and the session's details beside it.
import type { eventWithTime } from '@rrweb/types';
import type { SessionDetail } from '../../server/schemas.ts';
import { getSession, getSessionEvents } from '../api.ts';
import { h, replaceChildren } from '../dom.ts';
import { formatDateTime, pathOf } from '../format.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice, warningNotice } from '../notice.ts';
import { mountPlayer } from '../player.ts';
import { replayProblem } from '../replay-problem.ts';
import { BASE, cameFrom } from '../router.ts';
import { sessionPanel } from '../session-panel.ts';
import { sessionTimeline } from '../timeline.ts';
import { answerOverlay } from '../answer-overlay.ts';

export function showReplay(main: HTMLElement, sessionId: string, signal: AbortSignal): void {
  document.title = 'Replay · Einblick';
  const subtitle = h('p', { class: 'subtitle' });
  const body = h('div', { class: 'replay', 'aria-busy': 'true' }, loadingNotice());
  replaceChildren(
    main,
    // Back to the list as it was (filters kept) when we came from it.
    h('a', { class: 'back-link', href: cameFrom() ?? BASE }, '← All sessions'),
    h('h1', { tabindex: '-1' }, 'Session replay'),
    subtitle,
    body,
  );

  Promise.all([getSession(sessionId, signal), getSessionEvents(sessionId, signal)]).then(
    ([detail, events]) => {
      if (signal.aborted) return;
      document.title = `Replay ${pathOf(detail.entryUrl)} · Einblick`;
      subtitle.textContent = `${pathOf(detail.entryUrl)} · ${formatDateTime(detail.startedAt)}`;
      body.setAttribute('aria-busy', 'false');
      showLoaded(body, detail, events, signal);
    },
    (err) => {
      if (isAbort(err)) return;
      body.setAttribute('aria-busy', 'false');
      replaceChildren(body, errorNotice(err, h('p', null, h('a', { href: BASE }, 'Back to the sessions list'))));
    },
  );
}

function showLoaded(body: HTMLElement, detail: SessionDetail, events: eventWithTime[], signal: AbortSignal): void {
  const stage = h('div', { class: 'replay__stage' });
  const column = h('section', { class: 'replay__main', 'aria-label': 'Replay' });
  if (detail.gaps.length > 0) {
    column.append(warningNotice(h('p', null, h('strong', null, `Chunks missing: ${detail.gaps.join(', ')}`), ' — the replay skips there.')));
  }
  column.append(stage);

  const problem = replayProblem(events);
  const first = events[0]?.timestamp ?? detail.startedAt;
  const last = events[events.length - 1]?.timestamp ?? detail.startedAt + detail.duration;
  if (problem) {
    replaceChildren(stage, infoNotice(h('p', null, problem)));
    replaceChildren(body, column, sessionPanel({ detail, start: detail.startedAt }).element);
    return;
  }

  // The player measures its container, so the layout must be in the document first.
  const panel = sessionPanel({ detail, start: first, seek: (offset) => player.seek(offset) });
  replaceChildren(body, column, panel.element);
  const player = mountPlayer(stage, events, detail.viewport, signal);
  const timeline = sessionTimeline({ start: first, end: last, pageViews: detail.pageViews, clicks: detail.clickList, answers: detail.surveyAnswers, seek: player.seek, widthPx: stage.clientWidth });
  const overlay = answerOverlay(stage, detail.surveyAnswers, first);
  column.append(timeline.element);
  player.onTime((offset) => {
    timeline.setTime(offset);
    panel.setTime(offset);
    overlay.setTime(offset);
  });
  // ?t=<ms into the session> opens the replay at that moment (links from heatmaps' rage and dead clicks).
  const start = Number(new URLSearchParams(location.search).get('t'));
  const at = Number.isFinite(start) && start > 0 ? Math.min(start, last - first) : 0;
  if (at) player.seek(at);
  timeline.setTime(at);
  panel.setTime(at);
  overlay.setTime(at);
}
