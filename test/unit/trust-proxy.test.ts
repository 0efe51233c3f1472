// TRUST_PROXY: behind a reverse proxy, rate limits key on the visitor's address, and a
// visitor who is not behind a trusted proxy cannot dodge them with X-Forwarded-For.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeConfig, parseTrustProxy, type TrustProxy } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';

async function statusesFrom(trustProxy: TrustProxy, forwardedFor: string[]): Promise<number[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-proxy-'));
  const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir, trustProxy, limits: { perClient: { perSecond: 0.001, burst: 2 } } }));
  try {
    const url = server.url.replace('localhost', '127.0.0.1') + '/api/v1/surveys/active?site=demo&url=' + encodeURIComponent('http://x.test/');
    const statuses: number[] = [];
    for (const address of forwardedFor) statuses.push((await fetch(url, { headers: { 'X-Forwarded-For': address } })).status);
    return statuses;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

test('behind a trusted proxy each visitor has their own rate limit', async () => {
  const statuses = await statusesFrom(['loopback'], ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.3']);
  assert.deepEqual(statuses.map((s) => s === 429), [false, false, true, false, false]);
});

test('without TRUST_PROXY a forged X-Forwarded-For does not buy new requests', async () => {
  const statuses = await statusesFrom(false, ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']);
  assert.deepEqual(statuses.map((s) => s === 429), [false, false, true, true]);
});

test('TRUST_PROXY takes a hop count, addresses, ranges and names, and refuses the rest', () => {
  assert.equal(parseTrustProxy(undefined), false);
  assert.equal(parseTrustProxy('0'), false);
  assert.equal(parseTrustProxy('1'), 1);
  assert.deepEqual(parseTrustProxy('loopback, 10.0.0.0/8,::1'), ['loopback', '10.0.0.0/8', '::1']);
  for (const bad of ['everyone', '10.0.0.0/33', '10.0.0.0/8/1', 'true']) assert.throws(() => parseTrustProxy(bad), /TRUST_PROXY/);
});

test('behind a trusted proxy one guesser does not lock every officer out of signing in', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-proxy-'));
  const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir, trustProxy: ['loopback'], adminToken: 'proxy-admin-token-0123456789' }));
  try {
    const login = (token: string, from: string) =>
      fetch(server.url.replace('localhost', '127.0.0.1') + '/api/v1/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from }, body: JSON.stringify({ token }) });
    for (let i = 0; i < 12; i++) await login(`ebk_guess-${i}-${'x'.repeat(20)}`, '203.0.113.66');
    assert.equal((await login('ebk_one-more-guess-xxxxxxxxxxxxxxxx', '203.0.113.66')).status, 429, 'the guesser is throttled');
    assert.equal((await login('proxy-admin-token-0123456789', '203.0.113.7')).status, 204, 'an officer at another address signs in');
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
