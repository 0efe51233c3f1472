import type { PrivacyMode } from './types.ts';
import { validQueryKeys } from '../contract/url-masking.ts';
import { parseTimings, type Timings } from './timings.ts';
import { parseSafeImages } from './safe-images.ts';

export interface RecorderSettings {
  privacy: PrivacyMode;
  /** Share of consenting visitors recorded. */
  sample: number;
  /** Query keys whose values the site declares safe to keep in strict mode (`utm_*` always are). */
  queryKeys: string[];
  /** Image address prefixes strict mode records without data-einblick-unmask (data-safe-images). */
  safeImages: string[];
  /** The defaults, unless a test page set data-test-timings (undocumented for sites: tests only). */
  timings: Timings;
}

/** data-privacy, data-sample, data-query-keys and data-safe-images; anything unexpected falls back to the safe default. */
export function recorderSettings(dataset: DOMStringMap): RecorderSettings {
  const sample = Number(dataset.sample ?? '1');
  return {
    privacy: dataset.privacy === 'balanced' ? 'balanced' : 'strict',
    sample: sample >= 0 && sample <= 1 ? sample : 1,
    // "page,tab" or "page tab"; invalid keys are left out, not the whole list.
    queryKeys: validQueryKeys((dataset.queryKeys ?? '').split(/[\s,]+/)),
    // "https://cdn.example/products/ /static/icons/"; invalid prefixes are left out.
    safeImages: parseSafeImages(dataset.safeImages),
    timings: parseTimings(dataset.testTimings),
  };
}
