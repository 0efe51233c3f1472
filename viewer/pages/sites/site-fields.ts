// The controls a site's settings are edited with, and the server's refusals shown at the
// field they are about (ApiError details name it: "origins.1"; a refused webhook names none).
import { ApiError } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { option } from '../../ui/form-fields.ts';
import { messageOf } from '../../ui/notice.ts';
import { t } from '../../i18n/translate.ts';

const PRIVACY_MODES = ['strict', 'balanced'] as const;

/** A labelled control with its own error line, announced with the control. */
export interface SiteField {
  element: HTMLElement;
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  showError(message: string | null): void;
}

export function siteField(label: string, control: SiteField['control'], hint?: string): SiteField {
  const error = h('p', { class: 'form-error', id: `${control.id}-error` });
  const hintLine = hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintLine?.id, error.id].filter(Boolean).join(' '));
  return {
    element: h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintLine, error),
    control,
    showError(message) {
      error.textContent = message ?? '';
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

/** A list edited one item a line (origins, safe image prefixes), a line more than it holds. */
const linesArea = (id: string, name: string, items: readonly string[], placeholder: string) =>
  h('textarea', { id, name, rows: Math.max(2, items.length + 1), spellcheck: 'false', placeholder }, items.join('\n'));

export const originsArea = (id: string, origins: readonly string[]) => linesArea(id, 'origins', origins, 'https://shop.example');

export const safeImagesArea = (id: string, prefixes: readonly string[]) => linesArea(id, 'safeImages', prefixes, 'https://cdn.shop.example/products/');

/** One item a line; blank lines are none. */
export const textLines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);

export const privacySelect = (id: string, selected: string) => h('select', { id, name: 'privacy' }, PRIVACY_MODES.map((mode) => option(mode, t(`sites.privacy.${mode}`), selected)));

export const retentionInput = (id: string, days: number) => h('input', { id, name: 'retentionDays', type: 'number', min: 1, max: 3650, step: 1, required: true, value: days });

export function clearErrors(fields: Record<string, SiteField>): void {
  for (const f of Object.values(fields)) f.showError(null);
}

/** Fields edited one item a line: a refusal of "origins.1" reads "Line 2: …". */
const LINE_FIELDS = new Set(['origins', 'safeImages']);

/** Puts each refusal at its field; what belongs to none is returned for the form's own line. */
export function showRefusal(err: unknown, fields: Record<string, SiteField>): string | null {
  clearErrors(fields);
  if (!(err instanceof ApiError)) return messageOf(err);
  const details = Array.isArray(err.details) ? (err.details as { path?: unknown; message?: unknown }[]) : [];
  let placed = false;
  for (const d of details) {
    const [name, index] = String(d.path ?? '').split('.');
    const field = name ? fields[name] : undefined;
    if (!field || typeof d.message !== 'string') continue;
    field.showError(index !== undefined && LINE_FIELDS.has(name!) ? t('sites.line', { line: Number(index) + 1, message: d.message }) : d.message);
    placed = true;
  }
  if (!placed && err.code.startsWith('webhook_') && fields.webhookUrl) {
    fields.webhookUrl.showError(err.message);
    placed = true;
  }
  if (placed) {
    const first = Object.values(fields).find((f) => f.control.getAttribute('aria-invalid') === 'true');
    first?.control.focus();
    return null;
  }
  return messageOf(err);
}
