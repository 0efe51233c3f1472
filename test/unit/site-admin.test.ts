// An admin runs a site from the API: every setting but its key can change, a refused
// change leaves the site as it was, and only admins see or change the settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { SiteSummary } from '../../contract/schemas/index.ts';

let server: TestServer;
let researcher: string;
before(async () => {
  server = await startTestServer();
  const res = await server.api('/api/v1/tokens', json('POST', { role: 'researcher', label: 'Ana' }));
  researcher = ((await res.json()) as { token: string }).token;
});
after(() => server.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function newSite(origins: string[]): Promise<string> {
  const res = await server.api('/api/v1/sites', json('POST', { name: 'Shop', origins }));
  assert.equal(res.status, 201);
  return ((await res.json()) as { key: string }).key;
}

const patch = (key: string, body: unknown, token?: string) => server.api(`/api/v1/sites/${key}`, { ...json('PATCH', body), ...(token ? { token } : {}) });
const listed = async (key: string, token?: string) => ((await (await server.api('/api/v1/sites', token ? { token } : {})).json()) as { sites: SiteSummary[] }).sites.find((s) => s.key === key);
const ingestFrom = (site: string, origin: string, session: string) =>
  fetch(server.url + '/api/v1/ingest', { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: origin }, body: JSON.stringify({ site, visitor: 'visitor-admin-1', session, seq: 0, events: [{ type: 3, timestamp: Date.now(), data: { source: 0 } }] }) });

test('admins list every setting of a site, the webhook included; researchers see no webhook', async () => {
  const key = await newSite(['https://shop.example']);
  assert.deepEqual(await listed(key), { key, name: 'Shop', origins: ['https://shop.example'], privacy: 'strict', retentionDays: 90, pageQueryKeys: [], safeImages: [], webhookUrl: null });
  const forResearcher = await listed(key, researcher);
  assert.ok(forResearcher && !('webhookUrl' in forResearcher));
});

test('name, origins, retention and privacy change; a dropped origin may send no more data', async () => {
  const key = await newSite(['https://old.example']);
  assert.equal((await ingestFrom(key, 'https://old.example', 'session-admin-1')).status, 202);

  const res = await patch(key, { name: 'Shop (new)', origins: ['https://new.example/', 'https://new.example'], retentionDays: 30, privacy: 'balanced' });
  assert.equal(res.status, 200);
  const expected = { key, name: 'Shop (new)', origins: ['https://new.example'], privacy: 'balanced', retentionDays: 30, pageQueryKeys: [], safeImages: [], webhookUrl: null };
  assert.deepEqual(await res.json(), expected, 'the answer is the site as it now is');
  assert.deepEqual(await listed(key), expected);

  assert.equal((await ingestFrom(key, 'https://old.example', 'session-admin-2')).status, 403, 'at once, not after a restart');
  assert.equal((await ingestFrom(key, 'https://new.example', 'session-admin-3')).status, 202);

  const trail = (await (await server.api('/api/v1/audit?action=site.change')).json()) as { entries: { detail: Record<string, unknown> }[] };
  assert.ok(trail.entries.some((e) => e.detail.name === true && e.detail.origins === 1 && e.detail.retentionDays === 30 && e.detail.privacy === 'balanced'), JSON.stringify(trail.entries));
});

test('an invalid origin is refused as invalid_origin, naming the field, and nothing changes', async () => {
  const key = await newSite(['https://shop.example']);
  const before = await listed(key);
  const res = await patch(key, { name: 'Renamed', origins: ['https://shop.example', 'shop.example/path'] });
  assert.equal(res.status, 400);
  const { error } = (await res.json()) as { error: { code: string; message: string; details: { path: string }[] } };
  assert.equal(error.code, 'invalid_origin');
  assert.match(error.message, /https:\/\//);
  assert.equal(error.details[0]?.path, 'origins.1');
  assert.deepEqual(await listed(key), before);
});

test('a webhook to a private address is refused with webhook_target_private, and the rest of the change with it', async () => {
  const key = await newSite(['https://shop.example']);
  const before = await listed(key);
  const res = await patch(key, { retentionDays: 7, webhookUrl: 'http://127.0.0.1:9/hook' });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'webhook_target_private');
  assert.deepEqual(await listed(key), before);
});

test('out-of-range settings are refused as invalid_site_change', async () => {
  const key = await newSite([]);
  for (const body of [{ retentionDays: 0 }, { retentionDays: 3651 }, { privacy: 'lax' }, { name: '   ' }, { key: 'mine' }]) {
    const res = await patch(key, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_site_change', JSON.stringify(body));
  }
});

test('researchers may not change a site', async () => {
  const key = await newSite([]);
  assert.equal((await patch(key, { name: 'Mine now' }, researcher)).status, 403);
  assert.equal((await listed(key))?.name, 'Shop');
});
