// When the recorder shows a survey: triggers, the frequency cap, the sample; and the widget's scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dueSurvey, inSurveySample, isCapped, triggerHolds } from '../../recorder/survey/rules.ts';
import { scaleOf, scoreIndexAfterKey } from '../../recorder/survey/scale.ts';
import { inSample } from '../../recorder/sample.ts';
import type { PageFacts, Survey } from '../../recorder/survey/types.ts';

const DAY = 24 * 60 * 60 * 1000;
const facts = (f: Partial<PageFacts> = {}): PageFacts => ({ seconds: 0, tracked: new Set(), exitIntent: false, ...f });
const survey = (s: Partial<Survey> = {}): Survey => ({
  id: 'srv_abcdefgh',
  kind: 'nps',
  question: { en: 'How likely?', de: 'Wie wahrscheinlich?' },
  comment: null,
  trigger: {},
  capDays: 30,
  sample: 1,
  ...s,
});

test('a trigger without parts fires at once on page load; urlContains is left to the server', () => {
  assert.equal(triggerHolds({}, facts()), true);
  assert.equal(triggerHolds({ urlContains: '/checkout' }, facts()), true);
});

test('afterSeconds counts seconds on the current page view, the boundary included', () => {
  assert.equal(triggerHolds({ afterSeconds: 10 }, facts({ seconds: 9.99 })), false);
  assert.equal(triggerHolds({ afterSeconds: 10 }, facts({ seconds: 10 })), true);
  assert.equal(triggerHolds({ afterSeconds: 0 }, facts()), true);
});

test('onEvent fires only on einblick.track with that very name', () => {
  assert.equal(triggerHolds({ onEvent: 'checkout' }, facts({ tracked: new Set(['checkout-started']) })), false);
  assert.equal(triggerHolds({ onEvent: 'checkout' }, facts({ tracked: new Set(['search', 'checkout']) })), true);
});

test('exitIntent fires once the pointer has left through the top edge', () => {
  assert.equal(triggerHolds({ exitIntent: true }, facts()), false);
  assert.equal(triggerHolds({ exitIntent: true }, facts({ exitIntent: true })), true);
  assert.equal(triggerHolds({ exitIntent: false }, facts()), true, 'exitIntent: false is no condition');
});

test('a trigger with several parts fires only when all of them hold', () => {
  const trigger = { afterSeconds: 5, onEvent: 'added-to-cart', exitIntent: true };
  assert.equal(triggerHolds(trigger, facts({ seconds: 6, tracked: new Set(['added-to-cart']) })), false);
  assert.equal(triggerHolds(trigger, facts({ seconds: 4, tracked: new Set(['added-to-cart']), exitIntent: true })), false);
  assert.equal(triggerHolds(trigger, facts({ seconds: 6, exitIntent: true })), false);
  assert.equal(triggerHolds(trigger, facts({ seconds: 6, tracked: new Set(['added-to-cart']), exitIntent: true })), true);
});

test('parts given as null (as JSON may carry them) are no condition', () => {
  assert.equal(triggerHolds({ afterSeconds: null, onEvent: null } as never, facts()), true);
});

test('the cap holds for capDays after an answer or dismissal, and ends exactly then', () => {
  const s = { id: 'srv_a', capDays: 30 };
  const answeredAt = Date.UTC(2026, 0, 1);
  assert.equal(isCapped({}, s, answeredAt), false, 'never answered');
  assert.equal(isCapped({ srv_other: answeredAt }, s, answeredAt), false, 'another survey does not cap this one');
  assert.equal(isCapped({ srv_a: answeredAt }, s, answeredAt + 30 * DAY - 1), true);
  assert.equal(isCapped({ srv_a: answeredAt }, s, answeredAt + 30 * DAY), false);
  assert.equal(isCapped({ srv_a: answeredAt }, { id: 'srv_a', capDays: 0 }, answeredAt), false, 'capDays 0: may come back at once');
  assert.equal(isCapped({ srv_a: 'junk' } as never, s, answeredAt), false, 'a tampered record caps nothing');
});

test('sample 0 shows to nobody, 1 to everybody, and a share to a stable part of visitors', () => {
  const visitors = Array.from({ length: 2000 }, (_, i) => `visitor-${i}-x7Qp`);
  assert.equal(visitors.filter((v) => inSurveySample(v, { id: 'srv_a', sample: 0 })).length, 0);
  assert.equal(visitors.filter((v) => inSurveySample(v, { id: 'srv_a', sample: 1 })).length, 2000);
  const inQuarter = visitors.filter((v) => inSurveySample(v, { id: 'srv_a', sample: 0.25 }));
  assert.ok(inQuarter.length > 400 && inQuarter.length < 600, `${inQuarter.length} of 2000 for a 25% sample`);
  assert.deepEqual(visitors.filter((v) => inSurveySample(v, { id: 'srv_a', sample: 0.25 })), inQuarter, 'the same visitors on every page');
  // Independent draws: about a quarter of the first sample is in the second, not all of it.
  const both = visitors.filter((v) => inSurveySample(v, { id: 'srv_a', sample: 0.25 }) && inSurveySample(v, { id: 'srv_b', sample: 0.25 }));
  assert.ok(both.length > 60 && both.length < 200, `${both.length} visitors in both 25% samples, about 125 expected`);
  assert.equal(inSample('anything', 1.5), true);
});

test('the first due survey wins; capped, unsampled and untriggered ones are skipped', () => {
  const now = Date.UTC(2026, 5, 1);
  const later = survey({ id: 'srv_later', trigger: { afterSeconds: 30 } });
  const capped = survey({ id: 'srv_capped' });
  const nobody = survey({ id: 'srv_nobody', sample: 0 });
  const open = survey({ id: 'srv_open' });
  const list = [later, capped, nobody, open];
  assert.equal(dueSurvey(list, facts({ seconds: 2 }), { srv_capped: now - DAY }, 'v1', now)?.id, 'srv_open');
  assert.equal(dueSurvey(list, facts({ seconds: 31 }), {}, 'v1', now)?.id, 'srv_later');
  assert.equal(dueSurvey([later, capped], facts(), { srv_capped: now }, 'v1', now), undefined);
  assert.equal(dueSurvey([], facts(), {}, 'v1', now), undefined);
});

test('each kind has its scale and the words for its ends, in English and German', () => {
  assert.deepEqual(scaleOf('nps', 'en'), { scores: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], low: 'Not at all likely', high: 'Extremely likely' });
  assert.deepEqual(scaleOf('csat', 'en').scores, [1, 2, 3, 4, 5]);
  assert.deepEqual(scaleOf('ces', 'en'), { scores: [1, 2, 3, 4, 5, 6, 7], low: 'Very difficult', high: 'Very easy' });
  assert.equal(scaleOf('ces', 'de').high, 'Sehr einfach');
  assert.equal(scaleOf('nps', 'de').low, 'Überhaupt nicht wahrscheinlich');
});

test('arrow keys move through the scores and wrap; Home and End jump; other keys are left alone', () => {
  assert.equal(scoreIndexAfterKey('ArrowRight', 3, 11), 4);
  assert.equal(scoreIndexAfterKey('ArrowDown', 10, 11), 0);
  assert.equal(scoreIndexAfterKey('ArrowLeft', 0, 11), 10);
  assert.equal(scoreIndexAfterKey('ArrowUp', 4, 5), 3);
  assert.equal(scoreIndexAfterKey('Home', 6, 7), 0);
  assert.equal(scoreIndexAfterKey('End', 0, 7), 6);
  assert.equal(scoreIndexAfterKey('Tab', 2, 7), undefined);
  assert.equal(scoreIndexAfterKey('Enter', 2, 7), undefined);
});
