import type { ScriptConfig } from './types.ts';

/**
 * Reads what the stub needs from the script tag's data- attributes, once. Unknown
 * values fall back to the safe default. Recorder-only settings are parsed by the
 * recorder (recorder-settings.ts), to keep the stub every visitor downloads small.
 */
export function readScriptConfig(script: HTMLScriptElement): ScriptConfig {
  const d = script.dataset;
  const src = new URL(script.src, location.href);
  const lang = (d.lang ?? navigator.language ?? 'en').slice(0, 2).toLowerCase();
  return {
    site: d.site ?? '',
    endpoint: (d.endpoint ?? src.origin).replace(/\/+$/, ''),
    consent: d.consent === 'banner' || d.consent === 'tcf' ? d.consent : 'api',
    lang: lang === 'de' ? 'de' : 'en',
    consentVersion: (d.consentVersion ?? '1').slice(0, 32),
    recorderUrl: new URL('einblick-recorder.js', src).href,
    dataset: d,
  };
}
