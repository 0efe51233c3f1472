// The moments of a visit, in order, for the list beside the replay: page views, clicks
// (rage and dead ones named), `track` events, survey answers and researchers' notes.
import type { eventWithTime } from '@rrweb/types';
import type { Note, SessionDetail } from '../../../contract/schemas/index.ts';
import { pathOf } from '../../ui/format.ts';
import { KIND_LABEL } from '../../ui/survey-format.ts';
import { t } from '../../i18n/translate.ts';

export type MomentKind = 'page' | 'click' | 'rage' | 'dead' | 'track' | 'answer' | 'note';

export interface Moment {
  kind: MomentKind;
  /** ms into the replay. */
  at: number;
  label: string;
  /** A longer text (a URL, a note, a comment), shown as a tooltip. */
  detail?: string;
}

export interface TrackEvent { ts: number; name: string }

const EVENT_CUSTOM = 5;

/** The visitor's `einblick.track(name)` calls, from the replay's events (recorder/index.ts tags them 'track'). */
export function trackEvents(events: readonly eventWithTime[]): TrackEvent[] {
  const found: TrackEvent[] = [];
  for (const e of events) {
    if (e.type !== EVENT_CUSTOM) continue;
    const data = e.data as { tag?: unknown; payload?: { name?: unknown } };
    if (data.tag === 'track' && typeof data.payload?.name === 'string') found.push({ ts: e.timestamp, name: data.payload.name });
  }
  return found;
}

const NOTE_LABEL_CHARS = 80;
const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface MomentSources {
  /** Epoch ms of offset 0. */
  start: number;
  detail: Pick<SessionDetail, 'pageViews' | 'clickList' | 'surveyAnswers'>;
  tracks: readonly TrackEvent[];
  notes: readonly Note[];
}

/** Every moment, sorted by when it happened (ties keep the order of the kinds above). */
export function replayMoments({ start, detail, tracks, notes }: MomentSources): Moment[] {
  const moments: Moment[] = [
    ...detail.pageViews.map((pv): Moment => ({ kind: 'page', at: pv.ts - start, label: t('replay.moment.page', { path: pathOf(pv.url) }), detail: pv.url })),
    ...detail.clickList.map((c): Moment => {
      const kind = c.rage ? 'rage' : c.dead ? 'dead' : 'click';
      return { kind, at: c.ts - start, label: t(`replay.moment.${kind}`, { selector: c.selector }) };
    }),
    ...tracks.map((track): Moment => ({ kind: 'track', at: track.ts - start, label: t('replay.moment.track', { name: track.name }) })),
    ...detail.surveyAnswers.map((a): Moment => ({
      kind: 'answer',
      at: a.ts - start,
      label: t('replay.moment.answer', { kind: KIND_LABEL[a.kind], score: a.score }),
      ...(a.comment ? { detail: a.comment } : {}),
    })),
    ...notes.map((n): Moment => ({ kind: 'note', at: n.at, label: t('replay.moment.note', { author: n.author, text: shorten(n.text, NOTE_LABEL_CHARS) }), detail: n.text })),
  ];
  // sort is stable: moments at the same ms keep the order of the kinds.
  return moments.map((m) => ({ ...m, at: Math.max(0, m.at) })).sort((a, b) => a.at - b.at);
}
