// The score formulas researchers read off the survey page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { customerEffort, customerSatisfaction, isLowScore, netPromoterScore, responseRate, scoreDistribution, scoreTrend, surveyScore } from '../../server/surveys/score.ts';

const counts = (pairs: [number, number][]) => new Map(pairs);

test('no answers means no score, for every kind', () => {
  assert.equal(netPromoterScore(counts([])), null);
  assert.equal(customerSatisfaction(counts([])), null);
  assert.equal(customerEffort(counts([])), null);
  assert.equal(surveyScore('nps', counts([])), null);
});

test('NPS is % promoters minus % detractors', () => {
  // 3 promoters (9, 10, 10), 1 passive (8), 1 detractor (6): 60 % − 20 % = 40.
  assert.equal(netPromoterScore(counts([[9, 1], [10, 2], [8, 1], [6, 1]])), 40);
  assert.equal(netPromoterScore(counts([[0, 4]])), -100);
  assert.equal(netPromoterScore(counts([[10, 7]])), 100);
});

test('all passives give an NPS of exactly 0', () => {
  assert.equal(netPromoterScore(counts([[7, 3], [8, 5]])), 0);
});

test('the NPS boundaries: 6 is a detractor, 7 and 8 passives, 9 a promoter', () => {
  assert.equal(netPromoterScore(counts([[6, 1]])), -100);
  assert.equal(netPromoterScore(counts([[7, 1]])), 0);
  assert.equal(netPromoterScore(counts([[9, 1]])), 100);
});

test('CSAT is the share of 4 and 5 answers, in %', () => {
  assert.equal(customerSatisfaction(counts([[5, 1], [4, 1], [3, 1], [1, 1]])), 50);
  assert.equal(customerSatisfaction(counts([[3, 2]])), 0);
  assert.equal(customerSatisfaction(counts([[4, 1], [2, 2]])), 33);
});

test('CES is the mean, to one decimal', () => {
  assert.equal(customerEffort(counts([[7, 1], [5, 1], [6, 1]])), 6);
  assert.equal(customerEffort(counts([[1, 2], [2, 1]])), 1.3);
});

test('the distribution lists every point of the scale, zeros included', () => {
  assert.deepEqual(scoreDistribution('csat', counts([[5, 2]])), [
    { score: 1, count: 0 }, { score: 2, count: 0 }, { score: 3, count: 0 }, { score: 4, count: 0 }, { score: 5, count: 2 },
  ]);
  assert.equal(scoreDistribution('nps', counts([])).length, 11);
  assert.equal(scoreDistribution('ces', counts([])).length, 7);
});

test('low scores are NPS detractors, CSAT 1–2 and CES 1–3', () => {
  assert.deepEqual([0, 6, 7, 10].map((s) => isLowScore('nps', s)), [true, true, false, false]);
  assert.deepEqual([1, 2, 3].map((s) => isLowScore('csat', s)), [true, true, false]);
  assert.deepEqual([3, 4].map((s) => isLowScore('ces', s)), [true, false]);
});

test('the response rate is answers per showing, unknown when never shown', () => {
  assert.equal(responseRate(0, 0), null);
  assert.equal(responseRate(1, 4), 0.25);
  assert.equal(responseRate(3, 2), 1, 'answers through einblick.survey() may outnumber showings; the rate stays a share');
});

test('the trend scores each day on its own, in day order', () => {
  const trend = scoreTrend('nps', [
    { day: '2026-12-02', score: 0, count: 1 },
    { day: '2026-12-01', score: 10, count: 2 },
    { day: '2026-12-01', score: 8, count: 2 },
  ]);
  assert.deepEqual(trend, [
    { day: '2026-12-01', answers: 4, score: 50 },
    { day: '2026-12-02', answers: 1, score: -100 },
  ]);
});
