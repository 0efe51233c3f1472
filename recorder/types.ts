// Types shared by the consent stub and the recorder it loads. Types only: the two
// bundles share no code at run time except what each bundles itself.
import type { ConsentReceipt, ConsentScopes } from '../contract/schemas/index.ts';

export type { ConsentReceipt, ConsentScopes };
export type { PrivacyMode } from '../contract/schemas/index.ts';
export type ConsentStatus = 'unknown' | 'granted' | 'denied';

/** What the script tag says, read once by the stub. */
export interface ScriptConfig {
  site: string;
  endpoint: string;
  consent: 'api' | 'banner' | 'tcf';
  lang: 'en' | 'de';
  consentVersion: string;
  recorderUrl: string;
  /** The tag's data- attributes, for the settings only the recorder needs (recorder-settings.ts). */
  dataset: DOMStringMap;
}

export interface StartOptions {
  config: ScriptConfig;
  receipt: ConsentReceipt;
  /** Called when the server says the session is gone (410), or another tab revoked: recording must stop for good. */
  onRevoked(): void;
}

/** A running recording; every part of it stops with stop(). */
export interface Recording {
  stop(): void;
  /** Arguments come straight from the page: anything may arrive. */
  track(name: unknown): void;
  identify(externalId: unknown): void;
  /** Shows that survey now if the surveys scope is granted; true when it will be shown. */
  survey(surveyId: unknown): boolean;
}

export type StartRecording = (options: StartOptions) => Recording;

/** Storage keys, written only after consent. */
export const KEYS = {
  consent: 'einblick:consent',
  visitor: 'einblick:visitor',
  /** The secret the visitor id is derived from: the proof a revoke carries (identity.ts). */
  visitorKey: 'einblick:key',
  session: 'einblick:session',
  /** When each survey was last answered or dismissed: the frequency cap. */
  surveys: 'einblick:surveys',
} as const;

/** The recorder bundle announces itself through this global, which the stub sets up. */
export const BOOT_GLOBAL = '__einblickBoot';
