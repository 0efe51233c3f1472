// The words and numbers the survey page shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutAtWord, describeTrigger, formatSurveyScore, scoreTone, surveyOptionLabel } from '../../viewer/ui/survey-format.ts';

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

test('a survey in a select is cut at a word, never inside one', () => {
  const question = 'How likely are you to recommend our shop to a friend, a colleague or a neighbour?';
  assert.equal(cutAtWord(question, 200), question);
  const cut = cutAtWord(question, 40);
  assert.equal(cut, 'How likely are you to recommend our…');
  assert.ok(cut.length <= 40);
  assert.ok(question.startsWith(cut.slice(0, -1)) && question[cut.length - 1] === ' ', 'ends where a word ended');
  assert.equal(surveyOptionLabel({ kind: 'csat', question: { en: 'Satisfied?', de: 'Zufrieden?' } }), 'CSAT: Satisfied?');
  // One endless word has no boundary to cut at: it is cut, still with the ellipsis.
  assert.equal(cutAtWord('x'.repeat(50), 10), 'xxxxxxxxx…');
});
