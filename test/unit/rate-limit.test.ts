import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLimiter } from '../../server/http/rate-limit.ts';

test('a burst is allowed, then requests wait for the bucket to refill', () => {
  const take = createLimiter({ perSecond: 2, burst: 3 });
  const t = 1_000_000;
  assert.deepEqual([take('a', t), take('a', t), take('a', t)], [0, 0, 0]);
  assert.equal(take('a', t), 1, 'the fourth request waits about a second');
  assert.equal(take('a', t + 500), 0, 'half a second at 2/s refills one token');
});

test('clients do not share a bucket', () => {
  const take = createLimiter({ perSecond: 1, burst: 1 });
  assert.equal(take('a', 0), 0);
  assert.ok(take('a', 0) > 0);
  assert.equal(take('b', 0), 0);
});

test('the wait is never zero when refused, even for fast refills', () => {
  const take = createLimiter({ perSecond: 1000, burst: 1 });
  take('a', 0);
  assert.equal(take('a', 0), 1);
});
