import type { PrivacyMode } from './types.ts';

export interface RecorderSettings {
  privacy: PrivacyMode;
  /** Share of consenting visitors recorded. */
  sample: number;
}

/** data-privacy and data-sample; anything unexpected falls back to the safe default. */
export function recorderSettings(dataset: DOMStringMap): RecorderSettings {
  const sample = Number(dataset.sample ?? '1');
  return {
    privacy: dataset.privacy === 'balanced' ? 'balanced' : 'strict',
    sample: sample >= 0 && sample <= 1 ? sample : 1,
  };
}
