// The frame around every page: header, main navigation, the privacy desk's tabs.
import type { Translation } from '../message-types.ts';

export const en = {
  'shell.skipToContent': 'Skip to content',
  'shell.mainNav': 'Main',
  'shell.nav.sessions': 'Sessions',
  'shell.nav.heatmaps': 'Heatmaps',
  'shell.nav.surveys': 'Surveys',
  'shell.nav.privacy': 'Privacy',
  'shell.nav.sites': 'Sites',
  'shell.nav.tokens': 'Tokens',
  'shell.signOut': 'Sign out',
  'shell.language': 'Language',
  'shell.privacyNav': 'Privacy desk',
  'shell.privacyNav.lookup': 'Find a person',
  'shell.privacyNav.audit': 'Audit trail',
  'shell.privacyNav.preview': 'Preview a page',
  'shell.privacyNav.leaks': 'Leaks',
} as const;

export const de: Translation<typeof en> = {
  'shell.skipToContent': 'Zum Inhalt springen',
  'shell.mainNav': 'Hauptnavigation',
  'shell.nav.sessions': 'Sitzungen',
  'shell.nav.heatmaps': 'Heatmaps',
  'shell.nav.surveys': 'Umfragen',
  'shell.nav.privacy': 'Datenschutz',
  'shell.nav.sites': 'Websites',
  'shell.nav.tokens': 'Tokens',
  'shell.signOut': 'Abmelden',
  'shell.language': 'Sprache',
  'shell.privacyNav': 'Datenschutzbereich',
  'shell.privacyNav.lookup': 'Person finden',
  'shell.privacyNav.audit': 'Audit-Protokoll',
  'shell.privacyNav.preview': 'Seitenvorschau',
  'shell.privacyNav.leaks': 'Datenlecks',
};
