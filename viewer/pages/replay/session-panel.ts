// The side panel of a replay: what we know about the session, the consent it
// was recorded under, and its page views (each one seeks, when replayable).
import type { SessionDetail } from '../../../contract/schemas/index.ts';
import { h, type Child } from '../../ui/dom.ts';
import { capitalize, formatDuration, formatOffset, formatShare, formatViewport, pathOf } from '../../ui/format.ts';
import { lateDateTime } from './late-date.ts';

function facts(rows: [string, Child][]): HTMLDListElement {
  return h('dl', { class: 'facts' }, rows.map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}

function consentFacts(consent: SessionDetail['consent']): HTMLElement {
  if (!consent) return h('p', { class: 'muted' }, 'No consent receipt was stored with this session.');
  const scopes = [consent.scopes.replay && 'replay', consent.scopes.surveys && 'surveys'].filter(Boolean).join(', ') || 'none';
  const signals = [consent.gpc && 'Global Privacy Control', consent.dnt && 'Do Not Track'].filter(Boolean).join(', ') || 'none';
  return facts([
    ['Given', lateDateTime(consent.ts)],
    ['Mechanism', consent.mechanism === 'tcf' ? 'IAB TCF' : capitalize(consent.mechanism)],
    ['Scopes', scopes],
    ['Browser signals', signals],
    ['Version', consent.version],
    ...(consent.bannerHash
      ? [['Banner text', h('code', { class: 'break', title: `SHA-256 of the banner text shown (${consent.lang ?? '?'})` }, `${consent.lang ?? '?'} · sha256 ${consent.bannerHash}`)] as [string, Child]]
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
    const content = [h('span', { class: 'pv__path', title: pv.url }, pathOf(pv.url)), h('span', { class: 'pv__meta' }, `${offset} · scrolled ${formatShare(pv.maxScroll)}`)];
    const entry = seek ? h('button', { type: 'button', class: 'pv', 'aria-label': `Go to ${pathOf(pv.url)} at ${offset}` }, content) : h('div', { class: 'pv' }, content);
    if (seek) entry.addEventListener('click', () => seek(pv.ts - start));
    return h('li', null, entry);
  });
  const element = h(
    'aside',
    { class: 'session-panel', 'aria-label': 'Session details' },
    h('h2', null, 'Session'),
    facts([
      ['Started', lateDateTime(d.startedAt)],
      ['Duration', formatDuration(d.duration)],
      ['Device', capitalize(d.device)],
      ['Viewport', formatViewport(d.viewport.width, d.viewport.height)],
      ['Entry URL', h('span', { class: 'break' }, d.entryUrl)],
      ['Visitor', h('code', { class: 'break' }, d.visitor)],
      ['Site', d.site],
      ['Clicks', d.clicks],
    ]),
    h('h2', null, 'Consent'),
    consentFacts(d.consent),
    h('h2', null, `Page views (${pageViews.length})`),
    items.length ? h('ol', { class: 'page-views' }, items) : h('p', { class: 'muted' }, 'No page views were recorded.'),
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
