// The words and numbers the survey page shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTrigger, formatSurveyScore, scoreTone } from '../../viewer/ui/survey-format.ts';

test('scores read as researchers write them', () => {
  assert.equal(formatSurveyScore('nps', 40), '+40');
  assert.equal(formatSurveyScore('nps', 0), '0');
  assert.equal(formatSurveyScore('nps', -12), '-12');
  assert.equal(formatSurveyScore('csat', 83), '83%');
  assert.equal(formatSurveyScore('ces', 5.6), '5.6');
  assert.equal(formatSurveyScore('ces', 6), '6.0');
  assert.equal(formatSurveyScore('nps', null), '—');
});

test('each answer has a tone: detractor, passive, promoter and their CSAT/CES equivalents', () => {
  assert.deepEqual([0, 6, 7, 8, 9, 10].map((s) => scoreTone('nps', s)), ['low', 'low', 'mid', 'mid', 'high', 'high']);
  assert.deepEqual([1, 2, 3, 4, 5].map((s) => scoreTone('csat', s)), ['low', 'low', 'mid', 'high', 'high']);
  assert.deepEqual([3, 4, 5].map((s) => scoreTone('ces', s)), ['low', 'mid', 'high']);
});

test('a trigger is described in words', () => {
  assert.equal(describeTrigger({}), 'at once on every page');
  assert.equal(describeTrigger({ urlContains: '/checkout', afterSeconds: 10 }), 'on pages containing /checkout, after 10 s on the page');
  assert.equal(describeTrigger({ onEvent: 'signup-done', exitIntent: true }), 'on the event signup-done, on exit intent');
});
