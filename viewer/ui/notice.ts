// Messages in the page body: errors the user can act on, and neutral states
// (loading, empty). The server's own message is shown as is (in English); it
// already says what was wrong (CONVENTIONS: errors a user can act on).
import { ApiError } from '../api.ts';
import { h, type Child } from './dom.ts';
import { t } from '../i18n/translate.ts';

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    // The two messages the viewer writes itself (api.ts) are in its language; the server's stay as sent.
    if (err.code === 'network') return t('ui.error.network');
    if (err.code === `http_${err.status}`) return t('ui.error.http', { status: String(err.status) });
    if (err.status === 403) return t('ui.askAdmin', { message: err.message });
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

export function errorNotice(err: unknown, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, messageOf(err)), ...extra);
}

export function warningNotice(...children: Child[]): HTMLElement {
  return h('div', { class: 'notice notice--warning', role: 'status' }, ...children);
}

export function infoNotice(...children: Child[]): HTMLElement {
  return h('div', { class: 'notice' }, ...children);
}

export function loadingNotice(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('ui.loading'));
}
