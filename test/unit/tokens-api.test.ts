// An admin lists tokens (never their secrets) and revokes one: it stops working at once,
// as a bearer token and in every viewer login made with it. Changing
// EINBLICK_ADMIN_TOKEN revokes the token it replaces.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { makeConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';
import { createStore } from '../../server/store/index.ts';
import { openDatabase } from '../../server/store/db.ts';
import { hashSecret } from '../../server/http/auth.ts';
import type { TokenInfo } from '../../contract/schemas/index.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const FROM_VIEWER = { 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' };
const json = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function newToken(role: string, label: string): Promise<string> {
  const res = await server.api('/api/v1/tokens', json({ role, label }));
  assert.equal(res.status, 201);
  return ((await res.json()) as { token: string }).token;
}
async function listTokens(): Promise<TokenInfo[]> {
  const res = await server.api('/api/v1/tokens');
  assert.equal(res.status, 200);
  return ((await res.json()) as { tokens: TokenInfo[] }).tokens;
}
async function signIn(token: string): Promise<string> {
  const res = await server.api('/api/v1/auth/login', { ...json({ token }), token: null });
  assert.equal(res.status, 204);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

test('an admin lists tokens with label, role and dates, never a secret', async () => {
  const secret = await newToken('researcher', 'Ana (research)');
  const res = await server.api('/api/v1/tokens');
  const text = await res.text();
  assert.ok(!text.includes(secret) && !text.includes(hashSecret(secret)), 'neither the token nor its hash is listed');
  const listed = (JSON.parse(text) as { tokens: TokenInfo[] }).tokens.find((t) => t.label === 'Ana (research)');
  assert.ok(listed);
  assert.deepEqual(Object.keys(listed).sort(), ['createdAt', 'id', 'label', 'lastUsedAt', 'revokedAt', 'role']);
  assert.equal(listed.role, 'researcher');
  assert.equal(listed.lastUsedAt, null, 'not used yet');
  assert.equal(listed.revokedAt, null);
  assert.equal((await server.api('/api/v1/sessions', { token: secret })).status, 200);
  const used = (await listTokens()).find((t) => t.id === listed.id)!;
  assert.ok(used.lastUsedAt !== null && used.lastUsedAt >= listed.createdAt, 'its use is noted');
  assert.equal((await server.api('/api/v1/tokens', { token: secret })).status, 403, 'researchers do not see tokens');
});

test('revoking a token ends it at once: as a bearer token and in the viewer logins made with it', async () => {
  const secret = await newToken('privacy', 'Bo (privacy)');
  const cookie = await signIn(secret);
  const viewer = { token: null, headers: { Cookie: cookie, ...FROM_VIEWER } };
  assert.equal((await server.api('/api/v1/audit', viewer)).status, 200);
  const id = (await listTokens()).find((t) => t.label === 'Bo (privacy)')!.id;

  const res = await server.api(`/api/v1/tokens/${id}`, { method: 'DELETE' });
  assert.equal(res.status, 200);
  const revoked = (await res.json()) as TokenInfo;
  assert.ok(revoked.revokedAt !== null && revoked.revokedAt <= Date.now());
  assert.equal((await server.api('/api/v1/audit', { token: secret })).status, 401, 'the token is dead');
  assert.equal((await server.api('/api/v1/audit', viewer)).status, 401, 'its login is dead too');
  assert.equal((await server.api('/api/v1/auth/login', { ...json({ token: secret }), token: null })).status, 401, 'and it signs in no more');
  const logins = sqliteDb(server.store).prepare('SELECT count(*) AS n FROM viewer_logins WHERE token_id = ?').get(id) as { n: number };
  assert.equal(logins.n, 0, 'its login rows are gone');
  const trail = await server.store.audit.listAudit({ limit: 10, action: 'token.revoke' });
  assert.deepEqual(trail.map((r) => r.detail), [{ token: id, role: 'privacy' }]);
  assert.equal((await server.api(`/api/v1/tokens/${id}`, { method: 'DELETE' })).status, 200, 'revoking again changes nothing');
  assert.equal((await server.store.audit.listAudit({ limit: 10, action: 'token.revoke' })).length, 1);
});

test('an unknown token is 404; the last admin token cannot be revoked', async () => {
  assert.equal((await server.api('/api/v1/tokens/999999', { method: 'DELETE' })).status, 404);
  assert.equal((await server.api('/api/v1/tokens/abc', { method: 'DELETE' })).status, 404);
  const admin = (await listTokens()).find((t) => t.role === 'admin' && t.revokedAt === null)!;
  const res = await server.api(`/api/v1/tokens/${admin.id}`, { method: 'DELETE' });
  assert.equal(res.status, 409);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'last_admin_token');
  assert.equal((await server.api('/api/v1/tokens')).status, 200, 'the admin still works');
});

test('a token’s last use is written at most once a minute', async () => {
  const store = createStore(openDatabase(':memory:'));
  await store.tokens.insertToken(hashSecret('t'), 'researcher', 'r');
  const t0 = 1_800_000_000_000;
  const lastUsed = async () => (await store.tokens.listTokens())[0]!.lastUsedAt;
  await store.tokens.tokenByHash(hashSecret('t'), t0);
  assert.equal(await lastUsed(), t0);
  await store.tokens.tokenByHash(hashSecret('t'), t0 + 59_000);
  assert.equal(await lastUsed(), t0, 'not written again within the minute');
  await store.tokens.tokenByHash(hashSecret('t'), t0 + 61_000);
  assert.equal(await lastUsed(), t0 + 61_000);
  await store.close();
});

test('changing EINBLICK_ADMIN_TOKEN revokes the previous one; a revoked value is never brought back', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-rotate-'));
  const start = (adminToken: string) => startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir, adminToken }));
  const get = (url: string, token: string) => fetch(url.replace('localhost', '127.0.0.1') + '/api/v1/tokens', { headers: { Authorization: `Bearer ${token}` } });
  try {
    const first = await start('first-admin-token-0123456789');
    assert.equal((await get(first.url, 'first-admin-token-0123456789')).status, 200);
    await first.close();

    const second = await start('second-admin-token-0123456789');
    assert.equal((await get(second.url, 'first-admin-token-0123456789')).status, 401, 'the replaced token is revoked');
    const res = await get(second.url, 'second-admin-token-0123456789');
    assert.equal(res.status, 200);
    const tokens = ((await res.json()) as { tokens: TokenInfo[] }).tokens;
    assert.deepEqual(tokens.map((t) => [t.label, t.revokedAt === null ? 'live' : 'revoked']), [['admin (EINBLICK_ADMIN_TOKEN)', 'revoked'], ['admin (EINBLICK_ADMIN_TOKEN)', 'live']]);
    assert.equal((await second.store.audit.listAudit({ limit: 10, action: 'token.revoke' })).length, 1, 'the rotation is in the trail');
    await second.close();

    await assert.rejects(start('first-admin-token-0123456789'), /revoked/, 'going back to a revoked value refuses to start');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('GET /tokens and DELETE /tokens/:id are the admin’s: a privacy token is refused', async () => {
  const privacy = await newToken('privacy', 'Cy (privacy)');
  assert.equal((await server.api('/api/v1/tokens', { token: privacy })).status, 403);
  assert.equal((await server.api('/api/v1/tokens/1', { method: 'DELETE', token: privacy })).status, 403);
  assert.equal((await server.api('/api/v1/tokens', { token: null })).status, 401);
});
