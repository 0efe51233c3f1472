// The newest rage and dead clicks, each burst linked to its moment in the replay.
// The offset needs the session's start, which the heatmap answer does not carry,
// so links point at the session first and gain their ?t= once its start is known.
import { getSession, type FrustratedClick } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatDateTime } from '../../ui/format.ts';
import { replayMomentHref, sessionHref } from '../../router.ts';
import { elementLabel } from './element-label.ts';
import { t } from '../../i18n/translate.ts';

/** Shown at once; a page with more is broken in the same way many times over. */
const SHOWN = 20;
/** Clicks on one element of one session this close together are one burst, one row. */
const BURST_MS = 2000;

interface Burst extends FrustratedClick {
  clicks: number;
}

/** Newest first, as the server sends them; `ts` of a burst is its first click, where the replay should start. */
export function groupBursts(clicks: readonly FrustratedClick[]): Burst[] {
  const bursts: Burst[] = [];
  for (const c of clicks) {
    const last = bursts[bursts.length - 1];
    if (last && last.session === c.session && last.selector === c.selector && last.ts - c.ts <= BURST_MS) {
      last.ts = c.ts;
      last.clicks++;
      last.rage ||= c.rage;
      last.dead ||= c.dead;
    } else bursts.push({ ...c, clicks: 1 });
  }
  return bursts;
}

export function frustratedList(clicks: readonly FrustratedClick[], signal: AbortSignal): HTMLElement {
  if (clicks.length === 0) return h('p', { class: 'muted' }, t('heatmaps.frustrated.none'));
  const bursts = groupBursts(clicks);
  const rows = bursts.slice(0, SHOWN).map((b) => {
    const kinds = [b.rage && ('rage' as const), b.dead && ('dead' as const)].filter((k) => k !== false);
    const link = h('a', { href: sessionHref(b.session), class: 'frustrated__link' }, t('heatmaps.frustrated.watch'));
    const item = h(
      'li',
      { class: 'frustrated__item' },
      h('span', null, kinds.map((k) => h('span', { class: `badge badge--${k}` }, t(`heatmaps.frustrated.${k}`)))),
      b.selector.trim() ? h('code', { class: 'frustrated__selector', title: b.selector }, b.selector) : h('span', { class: 'frustrated__selector muted' }, elementLabel(b.selector)),
      h('span', { class: 'frustrated__when muted' }, formatDateTime(b.ts), b.clicks > 1 ? ` · ${t('heatmaps.clicks', { count: b.clicks })}` : null),
      link,
    );
    return { burst: b, link, item };
  });

  for (const session of new Set(rows.map((r) => r.burst.session))) {
    getSession(session, signal).then(
      (detail) => {
        for (const { burst, link } of rows) if (burst.session === session) link.href = replayMomentHref(session, burst.ts - detail.startedAt);
      },
      // The link to the session's start still works; the moment is a convenience.
      () => undefined,
    );
  }
  return h(
    'div',
    null,
    h('ol', { class: 'frustrated', 'data-testid': 'frustrated-list' }, rows.map((r) => r.item)),
    bursts.length > SHOWN ? h('p', { class: 'hint' }, t('heatmaps.frustrated.more', { shown: SHOWN, total: bursts.length })) : null,
  );
}
