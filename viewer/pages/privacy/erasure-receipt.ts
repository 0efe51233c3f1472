// What an erasure removed, when and by whom: the officer's answer to the person
// who asked (GDPR Art. 17), shown as the server reported it.
import type { ErasedCounts, VisitorErasure } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { formatInstant } from '../../ui/format.ts';
import { t, tNodes } from '../../i18n/translate.ts';

function describeRemoved(r: ErasedCounts): string {
  return [
    t('privacy.removed.sessions', { count: r.sessions }),
    t('privacy.removed.chunks', { count: r.chunks }),
    t('privacy.removed.pageViews', { count: r.pageViews }),
    t('privacy.removed.clicks', { count: r.clicks }),
    t('privacy.removed.surveyAnswers', { count: r.surveyAnswers }),
    t('privacy.removed.visitors', { count: r.visitors }),
    t('privacy.removed.notes', { count: r.notes }),
  ].join(', ');
}

export function erasureReceipt(visitorId: string, e: VisitorErasure, auditHref: string): HTMLElement {
  return h(
    'section',
    { class: 'notice notice--ok receipt', role: 'status', tabindex: '-1', 'aria-label': t('privacy.receipt'), 'data-testid': 'erasure-receipt' },
    h('p', null, h('strong', null, tNodes('privacy.erased', { id: h('code', null, visitorId) }))),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, t('privacy.receipt.when')),
      h('dd', null, h('time', { datetime: e.at }, formatInstant(Date.parse(e.at)))),
      h('dt', null, t('privacy.receipt.by')),
      h('dd', null, `${e.by.label} (${e.by.role})`),
      h('dt', null, t('privacy.receipt.removed')),
      h('dd', null, describeRemoved(e.removed)),
    ),
    h('p', null, h('a', { href: auditHref }, t('privacy.receipt.audit'))),
  );
}
