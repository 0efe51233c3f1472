// The filter bar above the audit trail. Like the sessions list, filters live in
// the page URL (/viewer/privacy/audit?action=visitor.erase), so a view of the
// trail can be reloaded and linked from an erasure receipt.
import type { AuditAction } from '../../../contract/schemas/index.ts';
import type { AuditFilter } from '../../api.ts';
import { dayRange } from '../../ui/day-range.ts';
import { h } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { AUDIT_HREF } from '../../router.ts';
import { t } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/messages.ts';

/** Every action the server writes, and the message naming it in the officer's words; a Record, so a new action fails the type check until it is named here. */
const ACTION_NAMES = {
  'visitor.lookup': 'audit.action.visitor.lookup',
  'visitor.export': 'audit.action.visitor.export',
  'visitor.erase': 'audit.action.visitor.erase',
  'session.erase': 'audit.action.session.erase',
  'replay.read': 'audit.action.replay.read',
  'consent.revoke': 'audit.action.consent.revoke',
  'retention.run': 'audit.action.retention.run',
  'auth.login': 'audit.action.auth.login',
  'auth.failure': 'audit.action.auth.failure',
  'token.create': 'audit.action.token.create',
  'token.revoke': 'audit.action.token.revoke',
  'site.create': 'audit.action.site.create',
  'site.change': 'audit.action.site.change',
  'survey.create': 'audit.action.survey.create',
  'survey.change': 'audit.action.survey.change',
  'survey.answer.correct': 'audit.action.survey.answer.correct',
  'audit.read': 'audit.action.audit.read',
  'page.preview': 'audit.action.page.preview',
  'note.create': 'audit.action.note.create',
  'note.delete': 'audit.action.note.delete',
} as const satisfies Record<AuditAction, MessageKey>;

/** An action in words, or undefined for one this viewer does not know (a newer server). */
export function auditActionName(action: string): string | undefined {
  return isAction(action) ? t(ACTION_NAMES[action]) : undefined;
}

export interface AuditListFilters {
  action: string;
  objectId: string;
  from: string;
  to: string;
}

const KEYS = ['action', 'objectId', 'from', 'to'] as const;

const isAction = (value: string): value is AuditAction => Object.hasOwn(ACTION_NAMES, value);

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
  const action = h('select', { id: 'a-action', name: 'action' }, option('', t('audit.filter.allActions'), f.action), Object.keys(ACTION_NAMES).map((value) => option(value, `${auditActionName(value)} (${value})`, f.action)));
  const objectId = h('input', { id: 'a-object', name: 'objectId', type: 'search', value: f.objectId, placeholder: t('audit.filter.objectPlaceholder'), maxlength: 256, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'a-object-hint' });
  const from = h('input', { id: 'a-from', name: 'from', type: 'date', value: f.from });
  const to = h('input', { id: 'a-to', name: 'to', type: 'date', value: f.to });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('audit.filters') },
    field(t('audit.filter.action'), action),
    field(t('audit.filter.objectId'), objectId),
    field(t('audit.filter.from'), from),
    field(t('audit.filter.to'), to),
    h('div', { class: 'filters__actions' }, h('button', { type: 'submit', class: 'button button--primary' }, t('audit.filter.apply')), hasAuditFilters(f) ? h('a', { href: AUDIT_HREF, class: 'button button--quiet' }, t('audit.filter.clear')) : null),
    h('p', { id: 'a-object-hint', class: 'hint filters__hint' }, t('audit.filter.objectHint')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply({ action: action.value, objectId: objectId.value, from: from.value, to: to.value });
  });
  return form;
}
