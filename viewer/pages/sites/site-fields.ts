// The controls a site's settings are edited with, and the server's refusals shown at the
// field they are about (ApiError details name it: "origins.1"; a refused webhook names none).
import { ApiError } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { option } from '../../ui/form-fields.ts';
import { messageOf } from '../../ui/notice.ts';

export const PRIVACY_CHOICES: [string, string][] = [
  ['strict', 'Strict: all text masked'],
  ['balanced', 'Balanced: personal data masked'],
];

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

export const originsArea = (id: string, origins: readonly string[]) =>
  h('textarea', { id, name: 'origins', rows: Math.max(2, origins.length + 1), spellcheck: 'false', placeholder: 'https://shop.example' }, origins.join('\n'));

/** One origin a line; blank lines are no origin. */
export const originLines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);

export const privacySelect = (id: string, selected: string) => h('select', { id, name: 'privacy' }, PRIVACY_CHOICES.map(([value, text]) => option(value, text, selected)));

export const retentionInput = (id: string, days: number) => h('input', { id, name: 'retentionDays', type: 'number', min: 1, max: 3650, step: 1, required: true, value: days });

export function clearErrors(fields: Record<string, SiteField>): void {
  for (const f of Object.values(fields)) f.showError(null);
}

/**
 * Puts each refusal at its field; what belongs to none is returned for the form's own line.
 * Origins are one a line, so "origins.1" becomes "Line 2: …".
 */
export function showRefusal(err: unknown, fields: Record<string, SiteField>): string | null {
  clearErrors(fields);
  if (!(err instanceof ApiError)) return messageOf(err);
  const details = Array.isArray(err.details) ? (err.details as { path?: unknown; message?: unknown }[]) : [];
  let placed = false;
  for (const d of details) {
    const [name, index] = String(d.path ?? '').split('.');
    const field = name ? fields[name] : undefined;
    if (!field || typeof d.message !== 'string') continue;
    field.showError(`${index !== undefined && name === 'origins' ? `Line ${Number(index) + 1}: ` : ''}${d.message}`);
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
