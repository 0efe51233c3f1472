// /viewer/privacy : the privacy desk. Find what is held on one person, hand it
// over as a JSON export (GDPR Art. 15) or erase it with a receipt (Art. 17).
// The server writes every lookup, export and erasure to the audit trail.
import { lookupVisitors, type LookupBy, type Visitor, type VisitorErasure } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { erasureReceipt } from './erasure-receipt.ts';
import { t } from '../../i18n/translate.ts';
import { lookupForm } from './lookup-form.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { privacyNav } from '../../shell/privacy-nav.ts';
import { AUDIT_HREF } from '../../router.ts';
import { visitorTable } from './visitor-table.ts';

export function showPrivacyDesk(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('privacy.title')} · Einblick`;
  const receipts = h('div', { class: 'receipts' });
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': t('privacy.results') });
  // Only the newest lookup may paint: an older, slower answer is dropped.
  let latest = 0;

  const onErased = (visitorId: string, erasure: VisitorErasure, remaining: number) => {
    const receipt = erasureReceipt(visitorId, erasure, `${AUDIT_HREF}?${new URLSearchParams({ action: 'visitor.erase', objectId: visitorId })}`);
    receipts.prepend(receipt);
    if (remaining === 0) replaceChildren(results, infoNotice(h('p', { class: 'empty' }, t('privacy.nothingMore'))));
    else results.querySelector('h2')?.replaceChildren(t('privacy.found', { count: remaining }));
    // The erased row (and the button that had focus) is gone; the receipt is what to read next.
    receipt.focus();
  };

  const form = lookupForm(async (by, value) => {
    const mine = ++latest;
    results.setAttribute('aria-busy', 'true');
    replaceChildren(results, loadingNotice());
    try {
      const visitors = await lookupVisitors(by, value, signal);
      if (mine === latest) showVisitors(results, visitors, by, onErased);
    } catch (err) {
      if (mine === latest && !isAbort(err)) replaceChildren(results, errorNotice(err));
    } finally {
      if (mine === latest) results.setAttribute('aria-busy', 'false');
    }
  });

  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, t('privacy.title')),
    privacyNav('lookup'),
    h('p', { class: 'lede' }, t('privacy.lede')),
    form,
    receipts,
    results,
  );
  form.querySelector('input')?.focus();
}

function showVisitors(results: HTMLElement, visitors: Visitor[], by: LookupBy, onErased: (visitorId: string, erasure: VisitorErasure, remaining: number) => void): void {
  if (visitors.length === 0) {
    replaceChildren(
      results,
      infoNotice(
        h('p', { class: 'empty' }, h('strong', null, t('privacy.nothingHeld'))),
        by === 'externalId' ? h('p', null, t('privacy.externalIdHint')) : null,
      ),
    );
    return;
  }
  replaceChildren(results, h('h2', null, t('privacy.found', { count: visitors.length })), h('div', { class: 'table-scroll' }, visitorTable(visitors, { onErased })));
}
