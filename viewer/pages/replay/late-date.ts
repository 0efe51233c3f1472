// Dates on the replay page are written just after the first frame is painted. The first
// Intl.DateTimeFormat a page creates costs 15-30 ms here (ICU loads its locale data), and
// on the replay page it would run in the same task that builds the player, holding back
// the recorded page on screen for a label beside it.
import { h } from '../../ui/dom.ts';
import { formatDateTime } from '../../ui/format.ts';

/** A <time> for `epochMs` (machine-readable at once), its words filled in after the next paint. */
export function lateDateTime(epochMs: number): HTMLTimeElement {
  const el = h('time', { datetime: new Date(epochMs).toISOString() });
  requestAnimationFrame(() => setTimeout(() => (el.textContent = formatDateTime(epochMs)), 0));
  return el;
}
