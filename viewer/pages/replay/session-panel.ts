// The side panel of a replay: what we know about the session, the consent it
// was recorded under, and its page views (each one seeks, when replayable).
import type { SessionDetail } from '../../../contract/schemas/index.ts';
import { h, type Child } from '../../ui/dom.ts';
import { formatDuration, formatList, formatNumber, formatOffset, formatShare, formatViewport, pathOf } from '../../ui/format.ts';
import { lateDateTime } from './late-date.ts';
import { t } from '../../i18n/translate.ts';
import { deviceLabel } from '../../ui/device-label.ts';

function facts(rows: [string, Child][]): HTMLDListElement {
  return h('dl', { class: 'facts' }, rows.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

function consentFacts(consent: SessionDetail['consent']): HTMLElement {
  if (!consent) return h('p', { class: 'muted' }, t('replay.consent.noReceipt'));
  const listed = (items: (string | false)[]) => formatList(items.filter((x): x is string => Boolean(x))) || t('replay.consent.none');
  const scopes = listed([consent.scopes.replay && t('replay.consent.scope.replay'), consent.scopes.surveys && t('replay.consent.scope.surveys')]);
  // The signals' own names, as browsers and the law call them.
  const signals = listed([consent.gpc && 'Global Privacy Control', consent.dnt && 'Do Not Track']);
  const lang = consent.lang ?? '?';
  return facts([
    [t('replay.consent.given'), lateDateTime(consent.ts)],
    [t('replay.consent.mechanism'), t(`replay.consent.mechanism.${consent.mechanism}`)],
    [t('replay.consent.scopes'), scopes],
    [t('replay.consent.signals'), signals],
    [t('replay.consent.version'), consent.version],
    ...(consent.bannerHash
      ? [[t('replay.consent.banner'), h('code', { class: 'break', title: t('replay.consent.bannerHash', { lang }) }, `${lang} · sha256 ${consent.bannerHash}`)] as [string, Child]]
      : []),
  ]);
}

export interface PanelInput {
  detail: SessionDetail;
  /** Offset 0 of the replay (first event), or the session start when there is no replay. */
  start: number;
  seek?: (offsetMs: number) => void;
}

export function sessionPanel({ detail: d, start, seek }: PanelInput): { element: HTMLElement; setTime(offsetMs: number): void } {
  const pageViews = [...d.pageViews].sort((a, b) => a.ts - b.ts);
  const items = pageViews.map((pv) => {
    const offset = formatOffset(pv.ts - start);
    const content = [h('span', { class: 'pv__path', title: pv.url }, pathOf(pv.url)), h('span', { class: 'pv__meta' }, t('replay.pageView.meta', { offset, share: formatShare(pv.maxScroll) }))];
    const entry = seek ? h('button', { type: 'button', class: 'pv', 'aria-label': t('replay.pageView.go', { path: pathOf(pv.url), offset }) }, content) : h('div', { class: 'pv' }, content);
    if (seek) entry.addEventListener('click', () => seek(pv.ts - start));
    return h('li', null, entry);
  });
  const element = h(
    'aside',
    { class: 'session-panel', 'aria-label': t('replay.panel') },
    h('h2', null, t('replay.panel.session')),
    facts([
      [t('replay.panel.started'), lateDateTime(d.startedAt)],
      [t('replay.panel.duration'), formatDuration(d.duration)],
      [t('replay.panel.device'), deviceLabel(d.device)],
      [t('replay.panel.viewport'), formatViewport(d.viewport.width, d.viewport.height)],
      [t('replay.panel.entryUrl'), h('span', { class: 'break' }, d.entryUrl)],
      [t('replay.panel.visitor'), h('code', { class: 'break' }, d.visitor)],
      [t('replay.panel.site'), d.site],
      [t('replay.panel.clicks'), formatNumber(d.clicks)],
    ]),
    h('h2', null, t('replay.panel.consent')),
    consentFacts(d.consent),
    h('h2', null, t('replay.panel.pageViews', { count: pageViews.length })),
    items.length ? h('ol', { class: 'page-views' }, items) : h('p', { class: 'muted' }, t('replay.panel.noPageViews')),
  );
  // Called on every player tick: touch the DOM only when the page view changes.
  let active = -2;
  const setTime = (offsetMs: number) => {
    const next = pageViews.findLastIndex((pv) => pv.ts <= start + offsetMs);
    if (next === active) return;
    active = next;
    items.forEach((li, i) => li.toggleAttribute('data-current', i === active));
  };
  return { element, setTime };
}
