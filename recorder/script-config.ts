import type { ScriptConfig } from './types.ts';

/** Reads the script tag's data- attributes once. Unknown values fall back to the safe default. */
export function readScriptConfig(script: HTMLScriptElement): ScriptConfig {
  const d = script.dataset;
  const src = new URL(script.src, location.href);
  const sample = Number(d.sample ?? '1');
  const lang = (d.lang ?? navigator.language ?? 'en').slice(0, 2).toLowerCase();
  return {
    site: d.site ?? '',
    endpoint: (d.endpoint ?? src.origin).replace(/\/+$/, ''),
    privacy: d.privacy === 'balanced' ? 'balanced' : 'strict',
    consent: d.consent === 'banner' || d.consent === 'tcf' ? d.consent : 'api',
    lang: lang === 'de' ? 'de' : 'en',
    sample: sample >= 0 && sample <= 1 ? sample : 1,
    consentVersion: (d.consentVersion ?? '1').slice(0, 32),
    recorderUrl: new URL('einblick-recorder.js', src).href,
  };
}
