// What someone sees on a page their role may not use: whose page it is and where
// to go instead, rather than the 403 every request on the page would answer.
import type { Me } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { infoNotice } from '../../ui/notice.ts';
import { BASE, PRIVACY_HREF } from '../../router.ts';

function showWrongRole(main: HTMLElement, title: string, lines: [string, string], next: HTMLAnchorElement): void {
  document.title = `${title} · Einblick`;
  replaceChildren(
    main,
    h('h1', { tabindex: '-1' }, title),
    infoNotice(h('p', null, h('strong', null, lines[0])), h('p', null, lines[1]), h('p', null, next)),
  );
}

export function showPrivacyOnly(main: HTMLElement, me: Me): void {
  showWrongRole(
    main,
    'Privacy desk',
    ['This page is for privacy officers.', `Your token has the ${me.role} role. Finding, exporting and erasing what is held on a person needs the privacy or admin role; ask an admin for such a token.`],
    h('a', { href: BASE }, 'Back to the sessions list'),
  );
}

export function showResearchOnly(main: HTMLElement, me: Me): void {
  showWrongRole(
    main,
    'Sessions',
    ['Sessions, replays and heatmaps are for researchers.', `Your token has the ${me.role} role, which works on the privacy desk but may not see recordings or heatmaps.`],
    h('a', { href: PRIVACY_HREF }, 'Go to the privacy desk'),
  );
}

const ADMIN_PAGES = {
  tokens: ['Tokens', 'Tokens are managed by admins.', 'Ask an admin to create, or revoke, a token.'],
  sites: ['Sites', 'Sites are managed by admins.', 'Ask an admin to add a site or change its origins, retention, privacy mode or webhook.'],
} as const;

export function showAdminOnly(main: HTMLElement, me: Me, page: keyof typeof ADMIN_PAGES): void {
  const [title, line, ask] = ADMIN_PAGES[page];
  showWrongRole(main, title, [line, `Your token has the ${me.role} role. ${ask}`], h('a', { href: BASE }, 'Back to the start'));
}
