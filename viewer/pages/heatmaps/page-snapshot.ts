// The page a heatmap is drawn over, rebuilt from its recorded full snapshot with
// rrweb's Replayer. Its iframe keeps rrweb's sandbox="allow-same-origin" without
// allow-scripts: recorded pages are untrusted. It is as wide as the recorded
// viewport (so the page's own media queries pick the same layout as the visitor
// saw) and as tall as the whole document, scaled down to fit the column.
import { Replayer } from '@rrweb/replay';
import type { eventWithTime } from '@rrweb/types';
import { hardenReplayDocument } from '../../replay/replay-hardening.ts';

/** rrweb's EventType.Meta: carries the recorded viewport. */
const META = 4;

export interface RebuiltPage {
  iframe: HTMLIFrameElement;
  doc: Document;
  width: number;
  height: number;
  /** Measures the document again (late images, fonts); true when its height changed. */
  remeasure(): boolean;
}

function viewportOf(events: readonly eventWithTime[], fallbackWidth: number): number {
  const meta = events.find((e) => e.type === META) as { data?: { width?: unknown } } | undefined;
  const width = meta?.data?.width;
  return typeof width === 'number' && width > 0 ? width : fallbackWidth;
}

/** Rebuilds the page inside `root`, which must already be in the document (rrweb needs it connected). */
/** `recordedHeight`: the recorded document's height, the least the rebuilt page is shown at. */
export function rebuildPage(root: HTMLElement, events: eventWithTime[], recordedWidth: number, recordedHeight: number, signal: AbortSignal): RebuiltPage | null {
  const first = events[0]?.timestamp ?? 0;
  const last = events[events.length - 1]?.timestamp ?? first;
  const replayer = new Replayer(events, { root, mouseTail: false, showWarning: false, speed: 1 });
  // Events before the offset are applied synchronously, so +1 puts the snapshot itself in.
  replayer.pause(last - first + 1);
  const { iframe } = replayer;
  const doc = iframe.contentDocument;
  const unharden = hardenReplayDocument(doc);
  signal.addEventListener('abort', () => {
    unharden();
    replayer.destroy();
  });
  if (!doc?.documentElement) return null;

  const width = viewportOf(events, recordedWidth);
  iframe.setAttribute('width', String(width));
  // The recorded page scrolled with the window; in the replay the document must not
  // scroll on its own, or what we measure and what we draw would drift apart.
  doc.documentElement.style.setProperty('overflow', 'hidden', 'important');
  const page: RebuiltPage = {
    iframe,
    doc,
    width,
    height: 0,
    remeasure() {
      // The recorded height, when known, is the page's height: the clicks and scroll bands
      // are in its coordinates, and once the iframe is that tall a part sized in vh grows
      // with it, so a page measured again would grow on every image that loads.
      const measured = Math.ceil(Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0));
      const height = Math.max(1, recordedHeight > 0 ? Math.min(30_000, Math.ceil(recordedHeight)) : measured);
      if (height === page.height) return false;
      page.height = height;
      iframe.setAttribute('height', String(height));
      return true;
    },
  };
  page.remeasure();
  // The Replayer sizes its iframe to the recorded viewport on a timer after it is built
  // (and on every Meta or viewport-resize event): without this, the page showed only its
  // first screen (800 of 2,752 px) and the heat below it lay on white.
  replayer.on('resize', () => {
    iframe.setAttribute('width', String(width));
    iframe.setAttribute('height', String(page.height));
  });
  return page;
}
