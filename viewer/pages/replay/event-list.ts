// The list of a visit's moments beside the replay (moments.ts): each entry seeks the
// player there, and the one playback last passed is marked as current.
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatNumber, formatOffset } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import type { Moment } from './moments.ts';

export function eventList(seek: (offsetMs: number) => void): { element: HTMLElement; setMoments(moments: readonly Moment[]): void; setTime(offsetMs: number): void } {
  let moments: readonly Moment[] = [];
  let items: HTMLLIElement[] = [];
  let current = -2;
  let now = 0;
  const count = h('span', { class: 'muted' });
  const list = h('ol', { class: 'moments', 'aria-label': t('replay.moments.list') });

  const setTime = (offsetMs: number) => {
    now = offsetMs;
    const next = moments.findLastIndex((m) => m.at <= offsetMs);
    if (next === current) return;
    items[current]?.removeAttribute('data-current');
    items[next]?.setAttribute('data-current', '');
    current = next;
  };

  const setMoments = (next: readonly Moment[]) => {
    moments = next;
    items = moments.map((m) => {
      const offset = formatOffset(m.at);
      const button = h(
        'button',
        { type: 'button', class: `moment moment--${m.kind}`, title: m.detail ?? m.label, 'data-at': m.at },
        h('span', { class: 'moment__at' }, offset),
        h('span', { class: 'moment__label' }, m.label),
      );
      button.addEventListener('click', () => seek(m.at));
      return h('li', null, button);
    });
    replaceChildren(list, items.length ? items : h('li', { class: 'muted' }, t('replay.moments.empty')));
    count.textContent = ` (${formatNumber(moments.length)})`;
    current = -2;
    setTime(now);
  };

  const element = h('section', { class: 'moments-panel', 'aria-labelledby': 'moments-heading' }, h('h2', { id: 'moments-heading' }, t('replay.moments.heading'), count), list);
  return { element, setMoments, setTime };
}
