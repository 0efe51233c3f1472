// What an erasure removed, when and by whom: the officer's answer to the person
// who asked (GDPR Art. 17), shown as the server reported it.
import type { ErasedCounts, VisitorErasure } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatInstant, plural } from '../../ui/format.ts';

function describeRemoved(r: ErasedCounts): string {
  return [plural(r.sessions, 'session'), plural(r.chunks, 'recording chunk'), plural(r.pageViews, 'page view'), plural(r.clicks, 'click'), plural(r.surveyAnswers, 'survey answer'), plural(r.visitors, 'visitor record'), plural(r.notes, 'note')].join(', ');
}

export function erasureReceipt(visitorId: string, e: VisitorErasure, auditHref: string): HTMLElement {
  return h(
    'section',
    { class: 'notice notice--ok receipt', role: 'status', tabindex: '-1', 'aria-label': 'Erasure receipt', 'data-testid': 'erasure-receipt' },
    h('p', null, h('strong', null, 'Erased visitor ', h('code', null, visitorId))),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'When'),
      h('dd', null, h('time', { datetime: e.at }, formatInstant(Date.parse(e.at)))),
      h('dt', null, 'By'),
      h('dd', null, `${e.by.label} (${e.by.role})`),
      h('dt', null, 'Removed'),
      h('dd', null, describeRemoved(e.removed)),
    ),
    h('p', null, h('a', { href: auditHref }, 'See it in the audit trail')),
  );
}
