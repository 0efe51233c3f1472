// When a survey is due: its trigger, the visitor's frequency cap and the survey's sample.
// Pure functions, so the rules are unit-tested without a browser.
import { inSample } from '../sample.ts';
import type { CapRecord, PageFacts, Survey, SurveyTrigger } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every part the trigger gives must hold; a trigger without parts holds at once. (null, as JSON may say it, is "not given".) */
export function triggerHolds(trigger: SurveyTrigger, facts: PageFacts): boolean {
  return (
    (trigger.afterSeconds == null || facts.seconds >= trigger.afterSeconds) &&
    (trigger.onEvent == null || facts.tracked.has(trigger.onEvent)) &&
    (!trigger.exitIntent || facts.exitIntent)
  );
}

/** Answered or dismissed less than capDays ago: not shown again yet. */
export function isCapped(caps: CapRecord, survey: Pick<Survey, 'id' | 'capDays'>, now: number): boolean {
  const last = caps[survey.id];
  return typeof last === 'number' && now - last < survey.capDays * DAY_MS;
}

/** The same visitor is in or out of a survey's sample on every page; surveys sample independently. */
export function inSurveySample(visitor: string, survey: Pick<Survey, 'id' | 'sample'>): boolean {
  return inSample(`${visitor}:${survey.id}`, survey.sample);
}

/** The first survey whose trigger holds and that this visitor may see; the server's order decides ties. */
export function dueSurvey(surveys: readonly Survey[], facts: PageFacts, caps: CapRecord, visitor: string, now: number): Survey | undefined {
  return surveys.find((s) => triggerHolds(s.trigger, facts) && !isCapped(caps, s, now) && inSurveySample(visitor, s));
}
