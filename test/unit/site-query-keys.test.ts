// The server enforces a site's URL rule on the page addresses it stores, whatever the
// recorder sent; a site declares which query values are safe with PATCH pageQueryKeys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

const ORIGIN = 'https://shop.example';
const T0 = 1_700_000_000_000;
let server: TestServer;

before(async () => (server = await startTestServer()));
after(() => server.close());

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function newSite(privacy: 'strict' | 'balanced'): Promise<string> {
  const res = await server.api('/api/v1/sites', json('POST', { name: `Shop ${privacy}`, origins: [ORIGIN], privacy }));
  return ((await res.json()) as { key: string }).key;
}

let n = 0;
/** What an old recorder, or a forged request, would send: the page URL with every value in it. */
async function visit(site: string, url: string): Promise<{ url: string; entryUrl: string }> {
  const session = `session-${String(++n).padStart(4, '0')}`;
  const body = {
    site, visitor: 'visitor-0001', session, seq: 0,
    events: [{ type: 4, timestamp: T0, data: { href: ORIGIN + '/', width: 1280, height: 720 } }],
    pages: [{ pv: 0, url, ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 3000 }],
    clicks: [],
  };
  const res = await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'text/plain', Origin: ORIGIN } });
  assert.equal(res.status, 202);
  const row = sqliteDb(server.store).prepare('SELECT p.url, s.entry_url AS entryUrl FROM page_views p JOIN sessions s ON s.id = p.session_id WHERE p.session_id = ?').get(session);
  return row as { url: string; entryUrl: string };
}

const SENT = ORIGIN + '/list?guest=Anna+Schmidt&page=2&utm_source=mail&email=anna%40example.com';

test('strict: a stored page URL keeps only the values the site declares safe, in page views and the entry URL', async () => {
  const site = await newSite('strict');
  const before = await visit(site, SENT);
  assert.equal(before.url, ORIGIN + '/list?guest=***&page=***&utm_source=mail&email=***');
  const patched = await server.api(`/api/v1/sites/${site}`, json('PATCH', { pageQueryKeys: ['page'] }));
  assert.equal(patched.status, 200);
  assert.deepEqual(((await patched.json()) as { pageQueryKeys: string[] }).pageQueryKeys, ['page']);
  const after = await visit(site, SENT);
  assert.equal(after.url, ORIGIN + '/list?guest=***&page=2&utm_source=mail&email=***');
  assert.equal(after.entryUrl, after.url);
});

test('balanced: harmless values stay, sensitive ones go', async () => {
  const site = await newSite('balanced');
  const { url } = await visit(site, SENT);
  assert.equal(url, ORIGIN + '/list?guest=Anna+Schmidt&page=2&utm_source=mail&email=***');
});

test('pageQueryKeys are bounded: at most 20 keys of [A-Za-z0-9_.-], each at most 64 characters', async () => {
  const site = await newSite('strict');
  for (const keys of [['a b'], ['x'.repeat(65)], Array.from({ length: 21 }, (_, i) => `k${i}`), 'page']) {
    const res = await server.api(`/api/v1/sites/${site}`, json('PATCH', { pageQueryKeys: keys }));
    assert.equal(res.status, 400, JSON.stringify(keys));
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_site_change');
  }
  const listed = (await (await server.api('/api/v1/sites')).json()) as { sites: { key: string; pageQueryKeys: string[] }[] };
  assert.deepEqual(listed.sites.find((s) => s.key === site)?.pageQueryKeys, []);
});
