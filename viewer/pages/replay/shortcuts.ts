// Keyboard control of the replay, and the visible list of its keys. Keys typed into a
// field, or pressed on a button (where Space already means "press it"), are left alone.
import { h } from '../../ui/dom.ts';
import { SPEEDS } from '../../replay/player.ts';
import { t } from '../../i18n/translate.ts';

export const SEEK_STEP_MS = 5000;

export interface ShortcutTarget {
  toggle(): void;
  seekBy(deltaMs: number): void;
  setSpeed(speed: number): void;
}

const SPEED_KEYS: Record<string, number> = Object.fromEntries(SPEEDS.map((speed) => [String(speed), speed]));

/** The keys and what they do, in the language showing now. */
export const shortcuts = (): readonly [string, string][] => [
  [t('replay.keys.space'), t('replay.keys.toggle')],
  ['← / →', t('replay.keys.seek', { count: SEEK_STEP_MS / 1000 })],
  [SPEEDS.join(' '), t('replay.keys.speed')],
];

const OWN_KEYS = 'input, textarea, select, button, a[href], summary, [role="button"]';

/** A field, button or link focused: the key is its own. (Read as an Element-like, so the rule runs without a DOM too.) */
function ownsKeys(target: EventTarget | null): boolean {
  const el = target as Partial<Pick<HTMLElement, 'isContentEditable' | 'closest'>> | null;
  return el?.isContentEditable === true || (typeof el?.closest === 'function' && el.closest(OWN_KEYS) !== null);
}

/** What a key press does, or null when it is not ours. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'target'>): ((t: ShortcutTarget) => void) | null {
  if (e.altKey || e.ctrlKey || e.metaKey || ownsKeys(e.target)) return null;
  if (e.key === ' ') return (t) => t.toggle();
  if (e.key === 'ArrowLeft') return (t) => t.seekBy(-SEEK_STEP_MS);
  if (e.key === 'ArrowRight') return (t) => t.seekBy(SEEK_STEP_MS);
  const speed = SPEED_KEYS[e.key];
  return speed === undefined ? null : (t) => t.setSpeed(speed);
}

export function bindShortcuts(target: ShortcutTarget, signal: AbortSignal): void {
  document.addEventListener(
    'keydown',
    (e) => {
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault(); // Space would scroll the page, arrows too
      action(target);
    },
    { signal },
  );
}

export function shortcutList(): HTMLElement {
  return h(
    'section',
    { class: 'shortcuts', 'aria-labelledby': 'shortcuts-heading' },
    h('h2', { id: 'shortcuts-heading' }, t('replay.keys.heading')),
    h('dl', null, shortcuts().map(([keys, what]) => [h('dt', null, h('kbd', null, keys)), h('dd', null, what)])),
  );
}
