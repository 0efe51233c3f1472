// The filter bar above the audit trail. Like the sessions list, filters live in
// the page URL (/viewer/privacy/audit?action=visitor.erase), so a view of the
// trail can be reloaded and linked from an erasure receipt.
import type { AuditAction } from '../../../contract/schemas/index.ts';
import type { AuditFilter } from '../../api.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { AUDIT_HREF } from '../../router.ts';

/** Every action the server writes, in the officer's words; a Record, so a new action fails the type check until it is named here. */
export const AUDIT_ACTIONS: Record<AuditAction, string> = {
  'visitor.lookup': 'Visitor looked up',
  'visitor.export': 'Visitor exported',
  'visitor.erase': 'Visitor erased',
  'session.erase': 'Session erased',
  'replay.read': 'Replay watched',
  'consent.revoke': 'Consent revoked',
  'retention.run': 'Retention run',
  'auth.login': 'Signed in',
  'auth.failure': 'Sign-in failed',
  'token.create': 'Token created',
  'token.revoke': 'Token revoked',
  'site.create': 'Site created',
  'site.change': 'Site changed',
  'survey.create': 'Survey created',
  'survey.change': 'Survey switched on or off',
  'audit.read': 'Audit trail read',
  'page.preview': 'Page previewed',
  'note.create': 'Note written',
  'note.delete': 'Note deleted',
};

export interface AuditListFilters {
  action: string;
  objectId: string;
  from: string;
  to: string;
}

const KEYS = ['action', 'objectId', 'from', 'to'] as const;

const isAction = (value: string): value is AuditAction => Object.hasOwn(AUDIT_ACTIONS, value);

export function auditFiltersFromSearch(search: string): AuditListFilters {
  const q = new URLSearchParams(search);
  const f = {} as AuditListFilters;
  for (const key of KEYS) f[key] = q.get(key)?.trim() ?? '';
  return f;
}

export function searchFromAuditFilters(f: AuditListFilters): string {
  const q = new URLSearchParams();
  for (const key of KEYS) if (f[key].trim()) q.set(key, f[key].trim());
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function hasAuditFilters(f: AuditListFilters): boolean {
  return KEYS.some((key) => f[key] !== '');
}

export function toAuditQuery(f: AuditListFilters): AuditFilter {
  const q: AuditFilter = { ...dayRange(f.from, f.to) };
  if (isAction(f.action)) q.action = f.action;
  if (f.objectId) q.objectId = f.objectId;
  return q;
}

export function auditFilterForm(f: AuditListFilters, onApply: (f: AuditListFilters) => void): HTMLFormElement {
  const action = h('select', { id: 'a-action', name: 'action' }, option('', 'All actions', f.action), Object.entries(AUDIT_ACTIONS).map(([value, label]) => option(value, `${label} (${value})`, f.action)));
  const objectId = h('input', { id: 'a-object', name: 'objectId', type: 'search', value: f.objectId, placeholder: 'visitor or session id', maxlength: 256, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'a-object-hint' });
  const from = h('input', { id: 'a-from', name: 'from', type: 'date', value: f.from });
  const to = h('input', { id: 'a-to', name: 'to', type: 'date', value: f.to });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the audit trail' },
    field('Action', action),
    field('Object id', objectId),
    field('From', from),
    field('To', to),
    h('div', { class: 'filters__actions' }, h('button', { type: 'submit', class: 'button button--primary' }, 'Apply'), hasAuditFilters(f) ? h('a', { href: AUDIT_HREF, class: 'button button--quiet' }, 'Clear') : null),
    h('p', { id: 'a-object-hint', class: 'hint filters__hint' }, 'The trail holds no ids, only keyed hashes of them; the server hashes the id you type the same way to find its entries.'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({ action: action.value, objectId: objectId.value, from: from.value, to: to.value });
  });
  return form;
}
