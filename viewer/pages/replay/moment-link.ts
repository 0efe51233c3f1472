// The replay's URL follows playback (?t= ms into the replay, as replay-load.ts reads it
// on opening), and a button copies a link to the moment on screen.
import { h } from '../../ui/dom.ts';
import { formatOffset } from '../../ui/format.ts';

/** How often the address bar is brought up to date while playing: browsers throttle replaceState floods. */
const FOLLOW_EVERY_MS = 1000;

/** This page's address at `offsetMs`, other query keys kept. */
export function momentHref(href: string, offsetMs: number): string {
  const url = new URL(href);
  const t = Math.max(0, Math.round(offsetMs));
  if (t > 0) url.searchParams.set('t', String(t));
  else url.searchParams.delete('t');
  return url.href;
}

/** Keeps ?t= on the address without adding history entries; history.state (where we came from) is kept. */
export function followPlayback(now: () => number, signal: AbortSignal): void {
  let written = -1;
  const timer = setInterval(() => {
    const at = Math.round(now());
    if (at === written) return;
    written = at;
    history.replaceState(history.state, '', momentHref(location.href, at));
  }, FOLLOW_EVERY_MS);
  signal.addEventListener('abort', () => clearInterval(timer));
}

/** "Copy link at this moment", with a visible answer: copied, or the link to copy by hand. */
export function copyMomentButton(now: () => number): HTMLElement {
  const button = h('button', { type: 'button', class: 'button' }, 'Copy link at this moment');
  const status = h('span', { class: 'copy-status', role: 'status' });
  button.addEventListener('click', () => {
    const at = now();
    const href = momentHref(location.href, at);
    const copied = navigator.clipboard ? navigator.clipboard.writeText(href) : Promise.reject(new Error('no clipboard'));
    copied.then(
      () => status.replaceChildren(`Link to ${formatOffset(at)} copied.`),
      () => {
        // No clipboard (an insecure origin, a denied permission): offer the link to copy by hand.
        const field = h('input', { type: 'text', readonly: true, value: href, 'aria-label': 'Link at this moment', class: 'copy-status__link' });
        status.replaceChildren('Copy this link: ', field);
        field.select();
      },
    );
  });
  return h('div', { class: 'moment-link' }, button, status);
}
