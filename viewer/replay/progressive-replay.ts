// Plays a session while its events are still arriving. rrweb-player wants its events
// up front, so it gets the first segment (the nearest full snapshot and what follows,
// see server/replay/segments.ts; opened from the start, only that segment's head: the
// snapshot and its first seconds) framed by two markers at the session's start and end,
// so its timeline spans the whole session at once. A head's segment comes again whole
// later, and only what follows the head is added. The other segments load one after
// another in the background; a seek into a stretch not loaded yet fetches the head of
// the segment holding it, up to that moment, first: it costs at most one segment, never
// the whole stream.
import type { eventWithTime } from '@rrweb/types';
import type { Replayer } from '@rrweb/replay';
import type { ReplaySegment } from '../api.ts';
import { addSpan, covers, heldOf, nextToLoad, restOf, spanOf, type Held, type Span } from './replay-coverage.ts';

/** Tag of the two markers at the session's start and end; drawn invisible on the progress bar. */
export const BOUNDS_TAG = 'einblick:bounds';
const EVENT_CUSTOM = 5;

export const boundsEvent = (timestamp: number): eventWithTime => ({ type: EVENT_CUSTOM, timestamp, data: { tag: BOUNDS_TAG, payload: {} } }) as eventWithTime;

export interface SegmentSource {
  first: ReplaySegment;
  /** The segment holding `from`; with `until`, only its head (see server/replay/segments.ts headOf). */
  load(from: number, until?: number): Promise<ReplaySegment>;
}

type Timed = eventWithTime & { delay?: number };

/** Index of the first event later than `ts` (events sorted by timestamp). */
function after(events: readonly Timed[], ts: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.timestamp <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Feeds segments to the replayer: wraps its play/pause (which every seek goes through,
 * from rrweb-player's controller and ours) so they wait for the segment they need.
 * `onLoaded` runs after each segment is added, `onComplete` once the whole session is in.
 */
export function streamSegments(replayer: Replayer, source: SegmentSource, signal: AbortSignal, onLoaded: () => void, onComplete?: () => void): void {
  let spans: Span[] = addSpan([], spanOf(source.first));
  /** Per segment (by its start), how much of it is in the player: a head, or all of it. */
  const held = new Map<number | null, Held>([[source.first.start, heldOf(source.first.events)]]);
  const context = () => replayer.service.state.context;
  const startTs = () => context().events[0]!.timestamp;

  /** Adds a segment's events where they belong, without casting them now. */
  function insert(segment: ReplaySegment): void {
    spans = addSpan(spans, spanOf(segment));
    const had = held.get(segment.start);
    const fresh = restOf(had, segment.events);
    if (segment.events.length > (had?.count ?? 0)) held.set(segment.start, heldOf(segment.events));
    if (!fresh.length) return;
    const { events, baselineTime } = context();
    const now = startTs() + replayer.getCurrentTime();
    const at = after(events as Timed[], fresh[0]!.timestamp);
    // rrweb computes each event's delay when playback starts; these arrive later.
    for (const e of fresh as Timed[]) e.delay = e.timestamp - baselineTime;
    // Spread in slices: a segment can hold more events than a call takes arguments.
    for (let i = 0; i < fresh.length; i += 10_000) events.splice(at + i, 0, ...fresh.slice(i, i + 10_000));
    // Playing, and the new events lie ahead: start again from here so they are scheduled.
    // Events already played are skipped by rrweb, so the page is not rebuilt.
    const last = fresh[fresh.length - 1]!.timestamp;
    if (replayer.service.state.matches('playing') && last >= now) play(now - startTs());
    onLoaded();
  }

  const inflight = new Map<string, Promise<void>>();
  /** `head`: a seek needs the segment only up to the moment it goes to; the rest loads after it. */
  const fetchAt = (ts: number, head = false): Promise<void> => {
    const key = `${ts}${head ? ':head' : ''}`;
    let p = inflight.get(key);
    if (!p) {
      p = (head ? source.load(ts, ts) : source.load(ts)).then(insert);
      inflight.set(key, p);
      void p.finally(() => inflight.delete(key)).catch(() => undefined);
    }
    return p;
  };

  const play = replayer.play.bind(replayer);
  const pause = replayer.pause.bind(replayer);
  let wanted = 0;
  /** A seek waiting for its segment: background loading holds back meanwhile. */
  let seeking: Promise<unknown> | null = null;
  /** Runs `go` once the moment `offset` into the session is loaded; only the latest wish counts. */
  function whenLoaded(offset: number, go: () => void): void {
    const ts = startTs() + offset;
    const wish = ++wanted;
    if (covers(spans, ts)) return go();
    const p = fetchAt(ts, true).then(
      () => wish === wanted && !signal.aborted && go(),
      () => undefined, // the page went away, or the server did: the player stays where it was
    );
    const waiting: Promise<unknown> = p.finally(() => {
      if (seeking === waiting) seeking = null;
    });
    seeking = waiting;
  }
  replayer.play = (offset = 0) => whenLoaded(offset, () => play(offset));
  replayer.pause = (offset?: number) => (offset === undefined ? pause() : whenLoaded(offset, () => pause(offset)));

  // The rest, one segment at a time, once the first frame is on screen (parsing a
  // segment takes the main thread): ahead of the playhead first, then what lies before.
  const painted = new Promise<void>((resolve) => {
    replayer.on('fullsnapshot-rebuilded', () => requestAnimationFrame(() => setTimeout(resolve, 0)));
  });
  void (async () => {
    await painted;
    for (;;) {
      while (seeking) await seeking;
      const next = nextToLoad(spans, startTs() + replayer.getCurrentTime());
      if (signal.aborted) return;
      if (next === null) return onComplete?.();
      const before = JSON.stringify(spans);
      try {
        await fetchAt(next);
      } catch {
        return; // seeks still load what they need
      }
      if (JSON.stringify(spans) === before) return; // nothing new: stop rather than loop
    }
  })();
}
