// Our own timeline under the player: where each page view began, where the
// visitor clicked, researchers' notes and idle stretches, across the whole session.
// Every marker is a button that seeks the player, and so does a click anywhere else
// on the track; a line follows the playhead.
import type { Click, Note, PageView, SessionDetail } from '../../../contract/schemas/index.ts';
import type { Stretch } from '../../replay/idle-stretches.ts';
import { h } from '../../ui/dom.ts';
import { formatOffset, pathOf } from '../../ui/format.ts';
import { KIND_LABEL, scoreTone } from '../../ui/survey-format.ts';
// `t` names this file's input, so the translator is `tr` here.
import { t as tr } from '../../i18n/translate.ts';

/** Labels right of this share of the bar open to the left, so they stay inside it. */
const FLIP_AT = 0.7;
/** Matches `.timeline__page` max-width in style.css. */
const LABEL_WIDTH_PX = 160;
const LANES = 3;

/** Where `ts` falls on a bar from `start` to `end`, as a share 0..1. */
export function positionOf(ts: number, start: number, end: number): number {
  if (end <= start) return 0;
  return Math.min(1, Math.max(0, (ts - start) / (end - start)));
}

/**
 * A lane (row) for each label so that labels in one lane do not overlap:
 * `width` is a label's width as a share of the bar. Positions must be sorted.
 * When every lane is taken the label goes to the lane that frees up first.
 */
export function labelLanes(positions: readonly number[], width: number, lanes = LANES): number[] {
  const laneEnds: number[] = Array.from({ length: lanes }, () => -Infinity);
  return positions.map((x) => {
    const [from, to] = x > FLIP_AT ? [x - width, x] : [x, x + width];
    let lane = laneEnds.findIndex((end) => end <= from);
    if (lane < 0) lane = laneEnds.indexOf(Math.min(...laneEnds));
    laneEnds[lane] = to;
    return lane;
  });
}

export interface TimelineInput {
  /** Timestamp of the first replay event: offset 0 for the player. */
  start: number;
  end: number;
  pageViews: readonly PageView[];
  clicks: readonly Click[];
  /** Survey answers given in the session: a marker each, at the moment of the answer. */
  answers?: SessionDetail['surveyAnswers'];
  seek(offsetMs: number): void;
  /** The bar's width in pixels now, to lay out labels. */
  widthPx: number;
}

function placed<T extends HTMLElement>(el: T, share: number): T {
  el.style.left = `${(share * 100).toFixed(3)}%`;
  return el;
}

export interface SessionTimeline {
  element: HTMLElement;
  setTime(offsetMs: number): void;
  setNotes(notes: readonly Note[]): void;
  /** Stretches without a visitor's action, as offsets (idle-stretches.ts). */
  setIdle(stretches: readonly Stretch[]): void;
}

const NOTE_LABEL_CHARS = 80;

export function sessionTimeline(t: TimelineInput): SessionTimeline {
  const pageViews = [...t.pageViews].sort((a, b) => a.ts - b.ts);
  const pageShares = pageViews.map((pv) => positionOf(pv.ts, t.start, t.end));
  const lanes = labelLanes(pageShares, LABEL_WIDTH_PX / Math.max(1, t.widthPx));
  const pages = pageViews.map((pv, i) => {
    const share = pageShares[i] ?? 0;
    const path = pathOf(pv.url);
    const offset = formatOffset(pv.ts - t.start);
    const classes = `timeline__page timeline__page--lane${lanes[i] ?? 0}${share > FLIP_AT ? ' timeline__page--flip' : ''}`;
    const button = h('button', { type: 'button', class: classes, title: `${pv.url}\n${offset}`, 'aria-label': tr('replay.timeline.page', { path, offset }) }, h('span', { class: 'timeline__label' }, path));
    button.addEventListener('click', () => t.seek(pv.ts - t.start));
    return placed(button, share);
  });
  const clicks = t.clicks.map((c) => {
    const offset = formatOffset(c.ts - t.start);
    const kind = c.rage ? 'rage' : c.dead ? 'dead' : 'click';
    const classes = `timeline__click${c.rage ? ' timeline__click--rage' : c.dead ? ' timeline__click--dead' : ''}`;
    const title = `${tr(`replay.moment.${kind}`, { selector: c.selector })}\n${offset}`;
    const button = h('button', { type: 'button', class: classes, title, 'aria-label': tr(`replay.timeline.${kind}`, { selector: c.selector, offset }) });
    button.addEventListener('click', () => t.seek(c.ts - t.start));
    return placed(button, positionOf(c.ts, t.start, t.end));
  });
  const answers = (t.answers ?? []).map((a) => {
    const offset = formatOffset(a.ts - t.start);
    const said = { kind: KIND_LABEL[a.kind], score: a.score, offset };
    const label = a.comment ? tr('replay.timeline.answerComment', { ...said, comment: a.comment }) : tr('replay.timeline.answer', said);
    const button = h('button', { type: 'button', class: `timeline__answer timeline__answer--${scoreTone(a.kind, a.score)}`, title: label, 'aria-label': label, 'data-answer-id': a.id });
    button.addEventListener('click', () => t.seek(a.ts - t.start));
    return placed(button, positionOf(a.ts, t.start, t.end));
  });
  const now = h('div', { class: 'timeline__now', 'aria-hidden': 'true' });
  const idle = h('div', { class: 'timeline__layer' });
  const notes = h('div', { class: 'timeline__layer' });
  const track = h('div', { class: 'timeline__track' }, h('div', { class: 'timeline__bar' }), idle, now, clicks, answers, notes, pages);
  const span = t.end - t.start;
  // Anywhere on the track that is not a marker: the moment under the pointer.
  track.addEventListener('click', (e) => {
    if ((e.target as Element).closest('button') || span <= 0) return;
    const box = track.getBoundingClientRect();
    if (box.width <= 0) return;
    t.seek(Math.round(Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)) * span));
  });
  const shareAt = (offsetMs: number) => positionOf(t.start + offsetMs, t.start, t.end);
  const setNotes = (list: readonly Note[]) =>
    notes.replaceChildren(
      ...list.map((n) => {
        const offset = formatOffset(n.at);
        const text = n.text.length > NOTE_LABEL_CHARS ? `${n.text.slice(0, NOTE_LABEL_CHARS - 1)}…` : n.text;
        const button = h('button', { type: 'button', class: 'timeline__note', title: `${tr('replay.timeline.noteTitle', { author: n.author, offset })}\n${n.text}`, 'aria-label': tr('replay.timeline.note', { author: n.author, offset, text }), 'data-note-id': n.id });
        button.addEventListener('click', () => t.seek(n.at));
        return placed(button, shareAt(n.at));
      }),
    );
  const setIdle = (stretches: readonly Stretch[]) =>
    idle.replaceChildren(
      ...stretches.map((s) => {
        const mark = placed(h('div', { class: 'timeline__idle', title: tr('replay.timeline.idle', { from: formatOffset(s.from), to: formatOffset(s.to) }) }), shareAt(s.from));
        mark.style.width = `${((shareAt(s.to) - shareAt(s.from)) * 100).toFixed(3)}%`;
        return mark;
      }),
    );
  // The track grows by one row per label lane in use (see .timeline__track in style.css).
  track.style.setProperty('--lanes', String(pages.length ? Math.max(...lanes) + 1 : 0));
  const element = h(
    'section',
    { class: 'timeline', 'aria-label': tr('replay.timeline') },
    track,
    h('div', { class: 'timeline__scale', 'aria-hidden': 'true' }, h('span', null, '0:00'), h('span', null, formatOffset(t.end - t.start))),
  );
  return { element, setTime: (offsetMs) => void placed(now, shareAt(offsetMs)), setNotes, setIdle };
}
