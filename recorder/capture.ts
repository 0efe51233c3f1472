// rrweb's record with Einblick's privacy options. Masking happens here, in the
// browser, before any event is queued.
import { record } from '@rrweb/record';
import { maskTextFor } from './privacy.ts';
import { sanitizeEvent, sanitizeRules } from './sanitize.ts';
import { stormGuard } from './storm-guard.ts';
import { lastValueRecorder } from './last-values.ts';
import { patchedRecord as patched } from './rrweb-patched.ts';
import { safeImageRules, safeImageSelector } from './safe-images.ts';
import type { PrivacyMode } from './types.ts';

const EVENT_FULL_SNAPSHOT = 2;
/**
 * Strict mode: an image may show a person (an avatar, an upload), so it is recorded as a
 * same-size placeholder, its address never leaving the page, unless the site marks it
 * safe with data-einblick-unmask on it or an ancestor, or declares its address safe
 * (`safe`: safe-images.ts, checked again by the sanitizer). A data-einblick-mask anywhere
 * above it blocks it again (for images the nearer-marker rule of text is not expressible
 * as one selector; this errs towards blocking).
 */
const strictBlock = (safe: string) => [
  '[data-einblick-block]',
  `:is(img, picture, input[type=image]):not([data-einblick-unmask], [data-einblick-unmask] *${safe ? ', ' + safe : ''})`,
  ':is(img, picture, input[type=image]):is([data-einblick-mask], [data-einblick-mask] *)',
].join(', ');

export interface Capture {
  stop(): void;
  addCustomEvent(tag: string, payload: unknown): void;
  /** A fresh full snapshot now, e.g. after an SPA navigation, so heatmaps have the new page. */
  takeFullSnapshot(): void;
  /** Records the focused field's value, which no 'change' has recorded yet (last-values.ts): call before a chunk is cut. */
  recordLastValues(): void;
}

/** `safeKeys`: query keys whose values the site declares safe (data-query-keys); `safeImages`: image addresses (data-safe-images). */
export function startCapture(mode: PrivacyMode, safeKeys: readonly string[], safeImages: readonly string[], emit: (event: unknown, isFullSnapshot: boolean) => void): Capture {
  const elementOf = (id: number) => {
    const node = record.mirror.getNode(id);
    return node instanceof Element ? node : null;
  };
  const imagesByAddress = mode === 'strict' && safeImages.length > 0;
  const rules = sanitizeRules(mode, safeKeys, location.origin, (id) => {
    const node = elementOf(id);
    return node ? { tagName: node.localName, isSVG: node instanceof SVGElement } : null;
  }, imagesByAddress ? safeImageRules(safeImages, location.origin, elementOf) : undefined);
  // Mutation storms are held and let go once the page is quiet (storm-guard.ts); the replay marks where.
  const storms = stormGuard({
    hold: () => record.freezePage(),
    release: () => patched.unfreezePage?.(),
    onStorm: (nodes) => record.addCustomEvent('einblick:storm', { nodes }),
    watch(changed) {
      const observer = new MutationObserver(changed);
      observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      return () => observer.disconnect();
    },
  });
  // A burst still being serialized in slices, or held in a storm, would be lost with the page:
  // it is finished as the page is hidden or left. Capture-phase listeners run before the
  // transport's (bubble phase), which then cut and send the chunk holding it.
  // Runs inside the page's own pagehide/visibilitychange dispatch: nothing may escape into it.
  const finish = () => {
    try {
      patched.finishMutations?.();
    } catch {
      // What was pending is lost with the page; the host page carries on.
    }
  };
  const onHidden = () => document.visibilityState === 'hidden' && finish();
  addEventListener('pagehide', finish, true);
  document.addEventListener('visibilitychange', onHidden, true);
  let stopped = false;
  const stop = record({
    // Big mutations arrive in slices from timers (rrweb-unused.mjs): none may be queued after stop.
    emit: (event) => stopped || (storms.seen(event), emit(sanitizeEvent(rules, event), event.type === EVENT_FULL_SNAPSHOT)),
    // Every input, textarea and select value, always, in both modes.
    maskAllInputs: true,
    // Every text node goes through maskTextFn, which decides by mode and data- attributes.
    maskTextSelector: '*',
    maskTextFn: (text, element) => maskTextFor(mode, text, element),
    // Blocked elements are replaced by a placeholder of the same size.
    blockSelector: mode === 'strict' ? strictBlock(imagesByAddress ? safeImageSelector(safeImages, location.origin) : '') : '[data-einblick-block]',
    slimDOMOptions: 'all',
    sampling: { mousemove: 50, scroll: 150, media: 800, input: 'last' },
    // A fresh full snapshot every five minutes, so a replay can start near any point.
    checkoutEveryNms: 5 * 60 * 1000,
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    recordCrossOriginIframes: false,
    // A recorder bug must never break the host page.
    errorHandler: () => true,
  });
  const recordLastValue = lastValueRecorder((node) => record.mirror.getId(node), (event) => stopped || emit(event, false));
  return {
    stop: () => {
      stopped = true;
      removeEventListener('pagehide', finish, true);
      document.removeEventListener('visibilitychange', onHidden, true);
      storms.stop();
      stop?.();
    },
    addCustomEvent: (tag, payload) => record.addCustomEvent(tag, payload),
    takeFullSnapshot: () => record.takeFullSnapshot(true),
    recordLastValues: recordLastValue,
  };
}
