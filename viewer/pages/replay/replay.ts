// /viewer/sessions/:id : the replay of one session, our timeline under it, and
// beside it the researchers' notes, the visit's moments and the session's details.
import type { eventWithTime } from '@rrweb/types';
import type { Me, Note, SessionDetail } from '../../../contract/schemas/index.ts';
import { getReplaySegment, type ReplaySegment } from '../../api.ts';
import { openAt, startReplayLoad, type ReplayLoad } from '../../replay/replay-load.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { pathOf } from '../../ui/format.ts';
import { lateDateTime } from './late-date.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice, warningNotice } from '../../ui/notice.ts';
import { mountPlayer } from '../../replay/player.ts';
import { replayProblem } from './replay-problem.ts';
import { BASE, cameFrom } from '../../router.ts';
import { sessionPanel } from './session-panel.ts';
import { sessionTimeline } from './timeline.ts';
import { answerOverlay } from './answer-overlay.ts';
import { useCapturedAssets } from '../../replay/replay-assets.ts';
import { assetNotice } from './asset-notice.ts';
import { notesPanel } from './notes-panel.ts';
import { eventList } from './event-list.ts';
import { replayMoments, trackEvents, type TrackEvent } from './moments.ts';
import { idleStretches } from '../../replay/idle-stretches.ts';
import { copyMomentButton, followPlayback } from './moment-link.ts';
import { bindShortcuts, shortcutList } from './shortcuts.ts';
import { mountTagEditor } from './tag-editor.ts';
import { t, tNodes } from '../../i18n/translate.ts';

/** `me`: who is signed in, so their own notes (all, for an admin) offer a delete button. */
export function showReplay(main: HTMLElement, sessionId: string, signal: AbortSignal, load: ReplayLoad = startReplayLoad(sessionId, signal), me: Me | null = null): void {
  document.title = `${t('replay.title')} · Einblick`;
  const subtitle = h('p', { class: 'subtitle' });
  const body = h('div', { class: 'replay', 'aria-busy': 'true' }, loadingNotice());
  replaceChildren(
    main,
    // Back to the list as it was (filters kept) when we came from it.
    h('a', { class: 'back-link', href: cameFrom() ?? BASE }, t('replay.back')),
    h('h1', { tabindex: '-1' }, t('replay.heading')),
    subtitle,
    body,
  );
  mountTagEditor(subtitle, load.detail, signal);

  // Only the segment the replay opens in is awaited (see replay-load.ts); the rest streams in.
  // Without the report (an older server) nothing is captured: every asset is dropped, none loads live.
  const assets = load.assets.then((a) => a.assets, (err: unknown) => (isAbort(err) ? Promise.reject(err) : []));
  Promise.all([load.detail, load.first, assets]).then(
    ([detail, first, captured]) => {
      if (signal.aborted) return;
      document.title = `${t('replay.titleOf', { path: pathOf(detail.entryUrl) })} · Einblick`;
      subtitle.replaceChildren(`${pathOf(detail.entryUrl)} · `, lateDateTime(detail.startedAt));
      body.setAttribute('aria-busy', 'false');
      const withAssets = (segment: ReplaySegment) => ({ ...segment, events: useCapturedAssets(segment.events, captured) });
      showLoaded(body, detail, withAssets(first), signal, (from, until) => getReplaySegment(sessionId, from, signal, until).then(withAssets), me);
      const notice = assetNotice(captured);
      if (notice) body.querySelector('.replay__main')?.prepend(notice);
    },
    (err) => {
      if (isAbort(err)) return;
      body.setAttribute('aria-busy', 'false');
      replaceChildren(body, errorNotice(err, h('p', null, h('a', { href: BASE }, t('replay.backToList')))));
    },
  );
}

function showLoaded(body: HTMLElement, detail: SessionDetail, first: ReplaySegment, signal: AbortSignal, load: (from: number, until?: number) => Promise<ReplaySegment>, me: Me | null): void {
  const events: eventWithTime[] = first.events;
  const stage = h('div', { class: 'replay__stage' });
  const column = h('section', { class: 'replay__main', 'aria-label': t('replay.main') });
  if (detail.gaps.length > 0) {
    // Chunk numbers are ids, not quantities: written as they are.
    const missing = h('strong', null, t('replay.gaps.missing', { numbers: detail.gaps.join(', ') }));
    column.append(warningNotice(h('p', null, ...tNodes('replay.gaps', { missing }))));
  }
  column.append(stage);

  const problem = replayProblem(events);
  // The whole session's span, from its summary: most of its events are still on their way.
  const start = Math.min(detail.startedAt, events[0]?.timestamp ?? Infinity);
  const last = Math.max(detail.startedAt + detail.duration, events[events.length - 1]?.timestamp ?? -Infinity);
  if (problem) {
    replaceChildren(stage, infoNotice(h('p', null, problem)));
    replaceChildren(body, column, sessionPanel({ detail, start: detail.startedAt }).element);
    return;
  }

  // The player measures its container, so the layout must be in the document first.
  const seek = (offset: number) => player.seek(Math.min(Math.max(0, offset), last - start));
  const now = () => player.currentOffset();
  const panel = sessionPanel({ detail, start, seek });
  const moments = eventList(seek);
  let notes: readonly Note[] = [];
  let tracks: readonly TrackEvent[] = [];
  const showMoments = () => moments.setMoments(replayMoments({ start, detail, tracks, notes }));
  const notesSide = notesPanel({
    sessionId: detail.id,
    me,
    now,
    seek,
    signal,
    onChange: (next) => {
      notes = next;
      timeline.setNotes(next);
      showMoments();
    },
  });
  replaceChildren(body, column, h('div', { class: 'replay__side' }, notesSide.element, moments.element, panel.element));
  const player = mountPlayer(stage, events, { start, end: last }, detail.viewport, signal, first.start === null ? undefined : { first, load });
  const timeline = sessionTimeline({ start, end: last, pageViews: detail.pageViews, clicks: detail.clickList, answers: detail.surveyAnswers, seek, widthPx: stage.clientWidth });
  const overlay = answerOverlay(stage, detail.surveyAnswers, start);
  column.append(h('div', { class: 'replay__tools' }, copyMomentButton(now)), timeline.element, shortcutList());
  const setTime = (offset: number) => {
    timeline.setTime(offset);
    panel.setTime(offset);
    overlay.setTime(offset);
    moments.setTime(offset);
    notesSide.setTime(offset);
  };
  player.onTime(setTime);
  // Track events and idle stretches come from the replay's own events, which stream in.
  player.onEvents((loaded, complete) => {
    const found = trackEvents(loaded);
    if (found.length !== tracks.length) {
      tracks = found;
      showMoments();
    }
    // Before the whole session is in, a stretch not loaded yet would look idle.
    if (complete) timeline.setIdle(idleStretches(loaded, start, last));
  });
  showMoments();
  bindShortcuts({ toggle: () => player.toggle(), seekBy: (delta) => seek(now() + delta), setSpeed: (speed) => player.setSpeed(speed) }, signal);
  const at = Math.min(openAt(), last - start);
  if (at) player.seek(at);
  setTime(at);
  followPlayback(now, signal);
}
