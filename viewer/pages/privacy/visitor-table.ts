// The people a lookup found, one row per visitor and site, each with its export
// (a plain download link) and its erasure (behind an inline confirmation).
import { eraseVisitor, visitorExportHref, type Visitor, type VisitorErasure } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { eraseConfirmation } from './erase-confirm.ts';
import { formatDateTime, formatNumber } from '../../ui/format.ts';
import { t } from '../../i18n/translate.ts';

const columns = () => [t('privacy.col.visitor'), t('privacy.col.site'), t('privacy.col.firstSeen'), t('privacy.col.lastSeen'), t('privacy.col.sessions'), t('privacy.col.identified')];

export interface VisitorTableOptions {
  /** After an erasure: the receipt, and how many rows are left. */
  onErased(visitorId: string, erasure: VisitorErasure, remaining: number): void;
}

export function visitorTable(visitors: Visitor[], o: VisitorTableOptions): HTMLTableElement {
  const headings = columns();
  const body = h('tbody');
  const rows = new Map<HTMLTableRowElement, Visitor>();
  const confirmations = new Map<string, HTMLTableRowElement>();
  const rowsOf = (visitorId: string) => [...rows].filter(([, v]) => v.visitor === visitorId);

  const closeConfirmation = (visitorId: string, focus?: HTMLElement) => {
    confirmations.get(visitorId)?.remove();
    confirmations.delete(visitorId);
    focus?.focus();
  };

  // One visitor id can have a row on several sites; erasing it erases all of them.
  const openConfirmation = (row: HTMLTableRowElement, v: Visitor, opener: HTMLButtonElement) => {
    const open = confirmations.get(v.visitor);
    if (open) return open.querySelector<HTMLElement>('.erase-confirm')?.focus();
    const same = rowsOf(v.visitor).map(([, r]) => r);
    const panel = eraseConfirmation({
      visitorId: v.visitor,
      sessions: same.reduce((n, r) => n + r.sessions, 0),
      sites: [...new Set(same.map((r) => r.site))],
      erase: async () => {
        const erasure = await eraseVisitor(v.visitor);
        closeConfirmation(v.visitor);
        for (const [tr] of rowsOf(v.visitor)) {
          tr.remove();
          rows.delete(tr);
        }
        o.onErased(v.visitor, erasure, rows.size);
      },
      cancel: () => closeConfirmation(v.visitor, opener),
    });
    const confirmRow = h('tr', { class: 'confirm-row' }, h('td', { colspan: headings.length + 1 }, panel));
    confirmations.set(v.visitor, confirmRow);
    row.after(confirmRow);
    panel.focus();
  };

  for (const v of visitors) {
    const erase = h('button', { type: 'button', class: 'button button--danger-quiet' }, t('privacy.erase'), h('span', { class: 'visually-hidden' }, ` ${t('privacy.eraseWhom', { id: v.visitor })}`));
    const row = h(
      'tr',
      { 'data-visitor-id': v.visitor },
      h('td', null, h('code', { class: 'break' }, v.visitor)),
      h('td', null, v.site),
      h('td', null, formatDateTime(v.firstSeen)),
      h('td', null, formatDateTime(v.lastSeen)),
      h('td', { class: 'num' }, formatNumber(v.sessions)),
      h('td', { title: v.identified ? t('privacy.identifiedHint') : null }, v.identified ? t('privacy.yes') : t('privacy.no')),
      h(
        'td',
        { class: 'row-actions' },
        h('a', { class: 'button', href: visitorExportHref(v.visitor), download: true }, t('privacy.exportJson'), h('span', { class: 'visually-hidden' }, ` ${t('privacy.exportOf', { id: v.visitor })}`)),
        h(
          'a',
          { class: 'button', href: visitorExportHref(v.visitor, 'zip'), download: true, title: t('privacy.exportZipHint') },
          t('privacy.exportZip'),
          h('span', { class: 'visually-hidden' }, ` ${t('privacy.exportOf', { id: v.visitor })}`),
        ),
        erase,
      ),
    );
    erase.addEventListener('click', () => openConfirmation(row, v, erase));
    rows.set(row, v);
    body.append(row);
  }

  return h(
    'table',
    { class: 'records', 'data-testid': 'visitors-table' },
    h('caption', { class: 'visually-hidden' }, t('privacy.visitorsCaption')),
    h('thead', null, h('tr', null, headings.map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('privacy.col.actions'))))),
    body,
  );
}
