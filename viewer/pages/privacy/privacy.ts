// /viewer/privacy : the privacy desk. Find what is held on one person, hand it
// over as a JSON export (GDPR Art. 15) or erase it with a receipt (Art. 17).
// The server writes every lookup, export and erasure to the audit trail.
import { lookupVisitors, type LookupBy, type Visitor, type VisitorErasure } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { erasureReceipt } from './erasure-receipt.ts';
import { plural } from '../../ui/format.ts';
import { lookupForm } from './lookup-form.ts';
import { errorNotice, infoNotice, isAbort, loadingNotice } from '../../ui/notice.ts';
import { privacyNav } from '../../shell/privacy-nav.ts';
import { AUDIT_HREF } from '../../router.ts';
import { visitorTable } from './visitor-table.ts';

export function showPrivacyDesk(main: HTMLElement, signal: AbortSignal): void {
  document.title = 'Privacy desk · Einblick';
  const receipts = h('div', { class: 'receipts' });
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': 'Lookup results' });
  // Only the newest lookup may paint: an older, slower answer is dropped.
  let latest = 0;

  const onErased = (visitorId: string, erasure: VisitorErasure, remaining: number) => {
    const receipt = erasureReceipt(visitorId, erasure, `${AUDIT_HREF}?${new URLSearchParams({ action: 'visitor.erase', objectId: visitorId })}`);
    receipts.prepend(receipt);
    if (remaining === 0) replaceChildren(results, infoNotice(h('p', { class: 'empty' }, 'Nothing more is held on this person.')));
    else results.querySelector('h2')?.replaceChildren(`${plural(remaining, 'visitor')} found`);
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
    h('h1', { tabindex: '-1' }, 'Privacy desk'),
    privacyNav('lookup'),
    h('p', { class: 'lede' }, 'Find everything Einblick holds on one person, export it for them, or erase it. Every lookup, export and erasure is written to the audit trail.'),
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
        h('p', { class: 'empty' }, h('strong', null, 'Nothing is held on this person.')),
        by === 'externalId' ? h('p', null, 'An external id is only known when the site called einblick.identify() for the visitor. If the person has a visitor or session id (from a consent receipt or a support ticket), search by that too.') : null,
      ),
    );
    return;
  }
  replaceChildren(results, h('h2', null, `${plural(visitors.length, 'visitor')} found`), h('div', { class: 'table-scroll' }, visitorTable(visitors, { onErased })));
}
