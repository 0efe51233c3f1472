// The frame around every signed-in page: app name, who is signed in, sign out.
import { signOut, SIGNED_OUT_EVENT } from './api.ts';
import type { Me } from '../server/schemas.ts';
import { h, replaceChildren } from './dom.ts';
import { messageOf } from './notice.ts';
import { BASE } from './router.ts';

/** Renders the header into `root` and returns the element the page fills. */
export function renderShell(root: HTMLElement, me: Me): HTMLElement {
  const main = h('main', { id: 'main', class: 'page' });
  const signOutButton = h('button', { type: 'button', class: 'button button--quiet' }, 'Sign out');
  signOutButton.addEventListener('click', async () => {
    signOutButton.disabled = true;
    try {
      await signOut();
      // main.ts already listens for this to show the sign-in form.
      window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
    } catch (err) {
      signOutButton.disabled = false;
      signOutButton.title = messageOf(err);
    }
  });
  replaceChildren(
    root,
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h(
      'header',
      { class: 'app-header' },
      h('a', { class: 'app-name', href: BASE }, 'Einblick'),
      h('nav', { class: 'app-nav', 'aria-label': 'Main' }, h('a', { href: BASE }, 'Sessions')),
      h('div', { class: 'app-user' }, h('span', { class: 'app-user__label' }, me.label), h('span', { class: 'badge' }, me.role), signOutButton),
    ),
    main,
  );
  return main;
}
