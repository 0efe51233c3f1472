// Mounts rrweb-player for one session and adapts it to the page: sized to its
// container, resized with the window, destroyed when the page goes away.
// rrweb renders the recorded DOM in an iframe with sandbox="allow-same-origin"
// and no allow-scripts; recorded pages are untrusted, so we keep that default.
import type { eventWithTime } from '@rrweb/types';
import rrwebPlayer from 'rrweb-player';
import { playerSize } from './player-size.ts';
import { hardenReplayDocument } from './replay-hardening.ts';
import { BOUNDS_TAG, boundsEvent, streamSegments, type SegmentSource } from './progressive-replay.ts';
import { keepOutOfTabOrder, nameControls, nameInactivePeriods } from './player-controls.ts';

/**
 * Colours for custom-event markers on rrweb-player's own progress bar, keyed by
 * the tags recorder/index.ts gives its custom events. Page views are muted
 * because our timeline already labels them; unknown tags get rrweb's indigo.
 */
const TAG_COLOURS: Record<string, string> = { 'einblick:page': '#9aa3ad', track: '#0f766e', 'einblick:survey': '#b42318', [BOUNDS_TAG]: 'transparent' };

/**
 * rrweb-player is a Svelte component; Svelte is bundled inside it and its types
 * are not installed, so the component's own $set/$destroy are declared here.
 */
type SvelteLifecycle = { $set(props: { width?: number; height?: number; tags?: Record<string, string> }): void; $destroy(): void };

export interface ReplayPlayer {
  /** Jumps to `offsetMs` after the first event, keeping play/pause as it was. */
  seek(offsetMs: number): void;
  onTime(listener: (offsetMs: number) => void): void;
  /** Where playback is now, in ms after the first event. */
  currentOffset(): number;
  toggle(): void;
  setSpeed(speed: number): void;
  /**
   * The events loaded so far, now and after each segment that arrives; `complete` once
   * the whole session is in (until then a stretch without events may just be unloaded).
   */
  onEvents(listener: (events: readonly eventWithTime[], complete: boolean) => void): void;
}

/** The speeds the player offers; the replay page's digit keys pick them too. */
export const SPEEDS = [1, 2, 4, 8] as const;

/**
 * `events` are what is loaded now; markers at `span.start` and `span.end` make the
 * player's timeline the whole session's. With `more`, the rest streams in (progressive-replay.ts).
 */
export function mountPlayer(
  stage: HTMLElement,
  events: eventWithTime[],
  span: { start: number; end: number },
  viewport: { width: number; height: number },
  signal: AbortSignal,
  more?: SegmentSource,
): ReplayPlayer {
  const size = () => playerSize(stage.clientWidth, viewport, window.innerHeight);
  const framed = [boundsEvent(span.start), ...events, boundsEvent(span.end)];
  const player = new rrwebPlayer({
    target: stage,
    props: { events: framed, ...size(), autoPlay: false, skipInactive: true, showController: true, speedOption: [...SPEEDS], tags: TAG_COLOURS },
  }) as rrwebPlayer & SvelteLifecycle;

  const replayer = player.getReplayer();
  const eventListeners: ((events: readonly eventWithTime[], complete: boolean) => void)[] = [];
  let complete = !more;
  // @rrweb/replay carries its own copy of @rrweb/types: the same events under another name.
  const loaded = () => replayer.service.state.context.events as unknown as readonly eventWithTime[];
  const tellEvents = () => eventListeners.forEach((listener) => listener(loaded(), complete));
  // A new tags object makes the controller place the custom-event markers of the events that arrived.
  if (more) {
    streamSegments(replayer, more, signal, () => {
      player.$set({ tags: { ...TAG_COLOURS } });
      tellEvents();
    }, () => {
      complete = true;
      tellEvents();
    });
  }
  const controls = nameControls(stage);
  nameInactivePeriods(stage, signal);
  keepOutOfTabOrder(replayer.iframe);
  let unharden = hardenReplayDocument(replayer.iframe.contentDocument);
  // Each full snapshot rebuilds the replay document: harden the new one.
  replayer.on('fullsnapshot-rebuilded', () => {
    unharden();
    unharden = hardenReplayDocument(replayer.iframe.contentDocument);
  });

  let frame = 0;
  const onResize = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      player.$set(size());
      // The new width/height reach the DOM on Svelte's next tick; rescale after it.
      requestAnimationFrame(() => player.triggerResize());
    });
  };
  window.addEventListener('resize', onResize, { signal });
  signal.addEventListener('abort', () => {
    cancelAnimationFrame(frame);
    unharden();
    player.pause();
    player.$destroy();
  });

  const onPayload = <T>(name: string, listener: (payload: T) => void, is: (p: unknown) => p is T) =>
    player.addEventListener(name, (detail) => {
      const payload = (detail as { payload?: unknown } | undefined)?.payload;
      if (is(payload)) listener(payload);
    });
  const isNumber = (p: unknown): p is number => typeof p === 'number';
  const isString = (p: unknown): p is string => typeof p === 'string';
  onPayload('ui-update-player-state', (state) => controls.setPlaying(state === 'playing'), isString);

  return {
    seek: (offsetMs) => player.goto(Math.max(0, offsetMs)),
    onTime: (listener) => onPayload('ui-update-current-time', listener, isNumber),
    currentOffset: () => replayer.getCurrentTime(),
    toggle: () => player.toggle(),
    setSpeed: (speed) => player.setSpeed(speed),
    onEvents(listener) {
      eventListeners.push(listener);
      listener(loaded(), complete);
    },
  };
}
