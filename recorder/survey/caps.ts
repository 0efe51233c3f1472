// The frequency cap's record in localStorage (KEYS.surveys), written only after consent:
// the runner reads it, the widget writes it once a survey is answered or dismissed.
// revoke() removes it with the other keys (stub.ts).
import { KEYS } from '../types.ts';
import type { CapRecord } from './types.ts';

export function readCaps(): CapRecord {
  try {
    const caps = JSON.parse(localStorage.getItem(KEYS.surveys)!) as unknown;
    return caps && typeof caps === 'object' ? (caps as CapRecord) : {};
  } catch {
    return {};
  }
}

export function writeCap(surveyId: string, now = Date.now()): void {
  try {
    localStorage.setItem(KEYS.surveys, JSON.stringify({ ...readCaps(), [surveyId]: now }));
  } catch {
    // Storage full or disabled: the survey may come back on a later page, nothing worse.
  }
}
