// rrweb-player 2.1.6 draws its controls without accessible names: a play/pause button
// and a fullscreen button holding only an icon, a checkbox whose <label> is empty. We
// name them (found by the classes of its Svelte markup) rather than replace them, and
// keep the recorded page out of the Tab order: it is somebody's visit, not part of the
// viewer, and nothing in it should take the researcher's focus.

import { t } from '../i18n/translate.ts';

const SPEED_NAME = (text: string) => t('replay.controls.speed', { speed: text.replace(/x$/, '') });

/** Names the player's own controls; `setPlaying` keeps the play button's name true. */
export function nameControls(root: HTMLElement): { setPlaying(playing: boolean): void } {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('.rr-controller__btns > button')];
  const play = buttons[0];
  const fullscreen = buttons.length > 1 ? buttons[buttons.length - 1] : undefined;
  for (const speed of buttons.slice(1, -1)) speed.setAttribute('aria-label', SPEED_NAME(speed.textContent?.trim() ?? ''));
  fullscreen?.setAttribute('aria-label', t('replay.controls.fullscreen'));
  root.querySelector('.rr-controller .switch input[type="checkbox"]')?.setAttribute('aria-label', t('replay.controls.skip'));
  // The switch's visible words are rrweb's fixed English; Svelte writes them once, so ours stay.
  const skipText = root.querySelector('.rr-controller .switch .label');
  if (skipText) skipText.textContent = t('replay.controls.skipShort');
  const setPlaying = (playing: boolean) => play?.setAttribute('aria-label', t(playing ? 'replay.controls.pause' : 'replay.controls.play'));
  setPlaying(false);
  return { setPlaying };
}

/** What rrweb-player titles the inactive stretches on its progress bar. */
const RRWEB_INACTIVE = 'inactive period';

/**
 * rrweb-player draws its inactive stretches again as events stream in, each titled in
 * its fixed English: retitle them in the viewer's language as they appear.
 */
export function nameInactivePeriods(root: HTMLElement, signal: AbortSignal): void {
  const progress = root.querySelector('.rr-progress');
  const name = t('replay.controls.inactivePeriod');
  // Same words: nothing to do (and rewriting a title to itself would wake the observer again).
  if (!progress || name === RRWEB_INACTIVE) return;
  const rename = () => progress.querySelectorAll(`[title="${RRWEB_INACTIVE}"]`).forEach((el) => el.setAttribute('title', name));
  rename();
  const observer = new MutationObserver(rename);
  observer.observe(progress, { childList: true, subtree: true, attributeFilter: ['title'] });
  signal.addEventListener('abort', () => observer.disconnect());
}

/**
 * `inert` on the iframe makes its whole document unfocusable and out of the Tab order
 * (HTML: an inert container's nested document is inert too); tabindex=-1 covers the
 * frame element itself in browsers without inert. rrweb already turns off pointer events.
 */
export function keepOutOfTabOrder(iframe: HTMLIFrameElement): void {
  iframe.setAttribute('tabindex', '-1');
  iframe.inert = true;
}
