// Guessing tokens: after ten failures an address gets 429 with Retry-After, on the sign-in
// form and as a bearer token alike, and every failure is in the audit trail without the
// value that was tried.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.ts';
import { clientKey, createLoginThrottle } from '../../server/http/login-throttle.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const login = (token: string) => server.api('/api/v1/auth/login', { token: null, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) });

test('ten wrong tokens, then 429 with Retry-After even for the right one; failures audited without the guess', async () => {
  const guesses = Array.from({ length: 10 }, (_, i) => `ebk_guess-${i}-${'x'.repeat(20)}`);
  for (const guess of guesses.slice(0, 6)) assert.equal((await login(guess)).status, 401);
  for (const guess of guesses.slice(6)) assert.equal((await server.api('/api/v1/sessions', { token: guess })).status, 401, 'a bearer guess counts the same');

  const blocked = await login(ADMIN_TOKEN);
  assert.equal(blocked.status, 429);
  const wait = Number(blocked.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 6, `Retry-After: ${wait}`);
  assert.equal(((await blocked.json()) as { error: { code: string } }).error.code, 'too_many_sign_ins');
  assert.equal((await server.api('/api/v1/sessions')).status, 429, 'the bearer path is throttled too');

  const failures = await server.store.audit.listAudit({ limit: 100, action: 'auth.failure' });
  assert.equal(failures.length, 10, 'each checked failure is in the trail; throttled attempts cost nothing');
  assert.deepEqual(new Set(failures.map((r) => r.detail.via)), new Set(['login', 'bearer']));
  const trail = JSON.stringify(await server.store.audit.listAudit({ limit: 1000 }));
  for (const guess of guesses) assert.ok(!trail.includes(guess) && !trail.includes(guess.slice(4, 14)), 'no guessed value in the trail');
});

test('the throttle refills: one more try per interval, and the right token works again', () => {
  const throttle = createLoginThrottle({ burst: 3, refillMs: 1000, maxClients: 10 });
  const t0 = 1_000_000;
  for (let i = 0; i < 3; i++) throttle.failed('a', t0);
  assert.equal(throttle.retryAfter('a', t0), 1);
  assert.equal(throttle.retryAfter('b', t0), 0, 'another address is not affected');
  assert.equal(throttle.retryAfter('a', t0 + 1000), 0, 'one more try after the interval');
  throttle.failed('a', t0 + 1000);
  assert.equal(throttle.retryAfter('a', t0 + 1500), 1);
  assert.equal(throttle.retryAfter('a', t0 + 10_000), 0);
});

test('the throttle holds a bounded number of addresses, forgetting the longest idle', () => {
  const throttle = createLoginThrottle({ burst: 1, refillMs: 60_000, maxClients: 100 });
  for (let i = 0; i < 1000; i++) throttle.failed(`10.0.${i >> 8}.${i & 255}`, 1000 + i);
  assert.equal(throttle.size, 100);
  assert.equal(throttle.retryAfter('10.0.3.231', 2000), 60, 'the newest are still held');
  assert.equal(throttle.retryAfter('10.0.0.1', 2000), 0, 'the oldest were forgotten');
});

test('an IPv6 client is one /64; an IPv4-mapped address is its IPv4 address', () => {
  assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
  assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(clientKey('::1'), '0:0:0:0::/64');
  assert.equal(clientKey('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(clientKey('192.0.2.7'), '192.0.2.7');
  assert.equal(clientKey(undefined), 'unknown');
});
