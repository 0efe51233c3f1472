// The parts of the privacy desk, as links under the page heading.
import { h } from '../ui/dom.ts';
import { AUDIT_HREF, LEAKS_HREF, PREVIEW_HREF, PRIVACY_HREF } from '../router.ts';

export function privacyNav(current: 'lookup' | 'audit' | 'preview' | 'leaks'): HTMLElement {
  const link = (href: string, label: string, here: boolean) => h('a', { href, 'aria-current': here ? 'page' : null }, label);
  return h('nav', { class: 'sub-nav', 'aria-label': 'Privacy desk' }, link(PRIVACY_HREF, 'Find a person', current === 'lookup'), link(AUDIT_HREF, 'Audit trail', current === 'audit'), link(PREVIEW_HREF, 'Preview a page', current === 'preview'), link(LEAKS_HREF, 'Leaks', current === 'leaks'));
}
