// Clicks as derived facts, computed where the DOM is: page coordinates, the target's
// selector and where inside the target the click landed, so heatmaps stay true when
// the layout changes. Returns the function that stops listening.
import type { Click } from '../contract/schemas/index.ts';
import { selectorOf } from './selector.ts';
import { watchFrustration } from './frustration.ts';
import type { Timings } from './timings.ts';
import { WIDGET_TAG } from './survey/types.ts';

const clamp = (n: number) => Math.min(100, Math.max(0, Math.round(n * 10) / 10));

export function trackClicks(currentPv: () => number, onClick: (click: Click) => void, timings?: Pick<Timings, 'deadMs' | 'rageMs'>): () => void {
  const frustration = watchFrustration(timings);
  const listener = (e: MouseEvent) => {
    const target = e.target instanceof Element ? e.target : null;
    // A click inside the survey widget is retargeted to its host: answering is not a page click (nor a rage or dead one).
    if (!target || currentPv() < 0 || target.localName === WIDGET_TAG) return;
    const rect = target.getBoundingClientRect();
    const click: Click = {
      pv: currentPv(),
      ts: Date.now(),
      x: Math.max(0, Math.round(e.pageX)),
      y: Math.max(0, Math.round(e.pageY)),
      selector: selectorOf(target),
      offsetX: rect.width ? clamp(((e.clientX - rect.left) / rect.width) * 100) : 50,
      offsetY: rect.height ? clamp(((e.clientY - rect.top) / rect.height) * 100) : 50,
    };
    onClick(click);
    frustration.watch(click);
  };
  document.addEventListener('click', listener, { capture: true, passive: true });
  return () => {
    document.removeEventListener('click', listener, { capture: true });
    frustration.stop();
  };
}
