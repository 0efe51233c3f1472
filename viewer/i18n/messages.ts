// The whole catalogue: one file per part of the viewer under messages/, each with
// its English (the source of truth, `as const`) and its German (a Translation of it).
// A language missing a part, or a part missing a key, fails the type check.
import type { Locale } from './locale.ts';
import type { Translation } from './message-types.ts';
import * as access from './messages/access.ts';
import * as audit from './messages/audit.ts';
import * as heatmaps from './messages/heatmaps.ts';
import * as leaks from './messages/leaks.ts';
import * as preview from './messages/preview.ts';
import * as privacy from './messages/privacy.ts';
import * as replay from './messages/replay.ts';
import * as sessions from './messages/sessions.ts';
import * as shell from './messages/shell.ts';
import * as sites from './messages/sites.ts';
import * as surveys from './messages/surveys.ts';
import * as tokens from './messages/tokens.ts';
import * as ui from './messages/ui.ts';

/** Every part, so the unit test can check that no two parts define the same key. */
export const PARTS = { access, audit, heatmaps, leaks, preview, privacy, replay, sessions, shell, sites, surveys, tokens, ui };

const EN = { ...access.en, ...audit.en, ...heatmaps.en, ...leaks.en, ...preview.en, ...privacy.en, ...replay.en, ...sessions.en, ...shell.en, ...sites.en, ...surveys.en, ...tokens.en, ...ui.en };

export type English = typeof EN;
export type MessageKey = keyof English;

export const CATALOGUES: Record<Locale, Translation<English>> = {
  en: EN,
  de: { ...access.de, ...audit.de, ...heatmaps.de, ...leaks.de, ...preview.de, ...privacy.de, ...replay.de, ...sessions.de, ...shell.de, ...sites.de, ...surveys.de, ...tokens.de, ...ui.de },
};
