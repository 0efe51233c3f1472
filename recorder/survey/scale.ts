// The widget's words and scales, per survey kind and language (the page's, as the banner's).
import type { Survey } from './types.ts';

type Kind = Survey['kind'];

/** Lowest and highest score per kind, as the server validates them. */
const RANGE: Record<Kind, [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };

const TEXT = {
  en: {
    nps: ['Not at all likely', 'Extremely likely'],
    csat: ['Very dissatisfied', 'Very satisfied'],
    ces: ['Very difficult', 'Very easy'],
    send: 'Send',
    skip: 'Skip',
    close: 'Close',
    thanks: 'Thank you for your feedback!',
  },
  de: {
    nps: ['Überhaupt nicht wahrscheinlich', 'Äußerst wahrscheinlich'],
    csat: ['Sehr unzufrieden', 'Sehr zufrieden'],
    ces: ['Sehr schwierig', 'Sehr einfach'],
    send: 'Senden',
    skip: 'Überspringen',
    close: 'Schließen',
    thanks: 'Danke für Ihr Feedback!',
  },
} as const;

export type WidgetText = (typeof TEXT)['en' | 'de'];

export function widgetText(lang: 'en' | 'de'): WidgetText {
  return TEXT[lang];
}

export interface Scale {
  scores: number[];
  /** What the lowest and the highest score mean. */
  low: string;
  high: string;
}

export function scaleOf(kind: Kind, lang: 'en' | 'de'): Scale {
  const [min, max] = RANGE[kind];
  const [low, high] = TEXT[lang][kind];
  return { scores: Array.from({ length: max - min + 1 }, (_, i) => min + i), low, high };
}

/**
 * The radio group's arrow keys (WAI-ARIA radio group pattern): the index of the score
 * a key moves to, wrapping at the ends; undefined for keys the group leaves alone.
 */
export function scoreIndexAfterKey(key: string, index: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** The survey's text in the page's language; the server already falls back to English. */
export const inLang = (text: { en: string; de: string }, lang: 'en' | 'de'): string => text[lang] || text.en;
