// From an element of the heatmap (a top element, a click spot) to the sessions that
// clicked it: each link opens the replay at that session's first click on it.
import { listElementSessions, type HeatmapQuery } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatOffset } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';
import { replayMomentHref } from '../../router.ts';
import { elementLabel } from './element-label.ts';
import { errorNotice, isAbort, loadingNotice } from '../../ui/notice.ts';

export interface ElementSessionsPanel {
  element: HTMLElement;
  /** Lists the sessions that clicked `selector`; a newer call replaces an unfinished one. */
  show(selector: string): void;
}

export function elementSessionsPanel(q: HeatmapQuery, signal: AbortSignal): ElementSessionsPanel {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('heatmaps.who.hint')));
  const element = h('section', { class: 'element-sessions', 'data-testid': 'element-sessions', 'aria-label': t('heatmaps.who') }, h('h2', null, t('heatmaps.who.heading')), body);
  let pending: AbortController | undefined;

  function show(selector: string): void {
    pending?.abort();
    pending = new AbortController();
    const both = AbortSignal.any([signal, pending.signal]);
    replaceChildren(body, loadingNotice());
    listElementSessions(q, selector, both).then(
      (sessions) => {
        const heading = h('p', null, h('code', { class: 'element-sessions__selector', title: selector }, elementLabel(selector)), ` · ${t('heatmaps.who.sessions', { count: sessions.length })}`);
        if (!sessions.length) return replaceChildren(body, heading, h('p', { class: 'muted' }, t('heatmaps.who.none')));
        replaceChildren(
          body,
          heading,
          h(
            'ol',
            { class: 'element-sessions__list' },
            sessions.map((s) =>
              h('li', null, h('a', { href: replayMomentHref(s.id, s.at) }, t('heatmaps.who.watchFrom', { time: formatOffset(s.at) })), h('span', { class: 'muted' }, ` · ${t('heatmaps.clicks', { count: s.clicks })}`)),
            ),
          ),
        );
      },
      (err: unknown) => {
        if (!isAbort(err)) replaceChildren(body, errorNotice(err));
      },
    );
  }
  return { element, show };
}
