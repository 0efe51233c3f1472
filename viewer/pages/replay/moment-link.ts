// The replay's URL follows playback (?t= ms into the replay, as replay-load.ts reads it
// on opening), and a button copies a link to the moment on screen.
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatOffset } from '../../ui/format.ts';
import { t, tNodes } from '../../i18n/translate.ts';

/** How often the address bar is brought up to date while playing: browsers throttle replaceState floods. */
const FOLLOW_EVERY_MS = 1000;

/** This page's address at `offsetMs`, other query keys kept. */
export function momentHref(href: string, offsetMs: number): string {
  const url = new URL(href);
  const at = Math.max(0, Math.round(offsetMs));
  if (at > 0) url.searchParams.set('t', String(at));
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
  const button = h('button', { type: 'button', class: 'button' }, t('replay.link.copy'));
  const status = h('span', { class: 'copy-status', role: 'status' });
  button.addEventListener('click', () => {
    const at = now();
    const href = momentHref(location.href, at);
    const copied = navigator.clipboard ? navigator.clipboard.writeText(href) : Promise.reject(new Error('no clipboard'));
    copied.then(
      () => replaceChildren(status, t('replay.link.copied', { offset: formatOffset(at) })),
      () => {
        // No clipboard (an insecure origin, a denied permission): offer the link to copy by hand.
        const field = h('input', { type: 'text', readonly: true, value: href, 'aria-label': t('replay.link.field'), class: 'copy-status__link' });
        replaceChildren(status, ...tNodes('replay.link.byHand', { field }));
        field.select();
      },
    );
  });
  return h('div', { class: 'moment-link' }, button, status);
}
