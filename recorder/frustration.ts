// Rage and dead clicks, judged in the browser where the DOM is, by the rules in
// contract/frustration.ts. Rage: 3 or more clicks within 700 ms and 30 px of the
// first. Dead: a click after which nothing happened for a second — no DOM change, no
// input, no navigation. Flags are set on
// the click objects while they still wait in the upload buffer (a click cut into a
// chunk in the very second after it keeps its flags unset).
import type { Click } from '../contract/schemas/index.ts';
import { RAGE_RULE, rageBurstEndingWith } from '../contract/frustration.ts';
import { DEFAULT_TIMINGS, type Timings } from './timings.ts';

export interface FrustrationWatch {
  watch(click: Click): void;
  stop(): void;
}

/** `timings`: the rage and dead windows, the contract's unless a test page shortened them. */
export function watchFrustration(timings: Pick<Timings, 'deadMs' | 'rageMs'> = DEFAULT_TIMINGS): FrustrationWatch {
  const rage = { ...RAGE_RULE, windowMs: timings.rageMs };
  let recent: Click[] = [];
  const timers = new Set<number>();

  function checkRage(click: Click): void {
    recent = recent.filter((c) => click.ts - c.ts <= rage.windowMs && c.pv === click.pv);
    recent.push(click);
    for (const i of rageBurstEndingWith(recent.slice(0, -1), click, rage)) recent[i]!.rage = true;
  }

  function checkDead(click: Click): void {
    const url = location.href;
    let alive = false;
    const observer = new MutationObserver(() => {
      alive = true;
      observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    const onInput = () => (alive = true);
    document.addEventListener('input', onInput, true);
    const timer = window.setTimeout(() => {
      timers.delete(timer);
      observer.disconnect();
      document.removeEventListener('input', onInput, true);
      if (!alive && location.href === url) click.dead = true;
    }, timings.deadMs);
    timers.add(timer);
  }

  return {
    watch(click) {
      checkRage(click);
      checkDead(click);
    },
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      recent = [];
    },
  };
}
