// With the login cookie, a read counts only when the viewer's own code asked for it: a
// page element (image, stylesheet, frame), a prefetch or a sibling site gets 403 and
// leaves no audit row. Scripts with a bearer token are not affected.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let cookie: string;

before(async () => {
  server = await startTestServer();
  const login = await server.api('/api/v1/auth/login', { token: null, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: ADMIN_TOKEN }) });
  assert.equal(login.status, 204);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
});
after(() => server.close());

const VIEWER_FETCH = { site: 'same-origin', mode: 'cors', dest: 'empty' };
const metadata = (m: { site?: string; mode?: string; dest?: string; purpose?: string }) => ({
  ...(m.site ? { 'Sec-Fetch-Site': m.site } : {}),
  ...(m.mode ? { 'Sec-Fetch-Mode': m.mode } : {}),
  ...(m.dest ? { 'Sec-Fetch-Dest': m.dest } : {}),
  ...(m.purpose ? { 'Sec-Purpose': m.purpose } : {}),
});
const auditReads = async () => (await server.store.audit.listAudit({ limit: 10_000, action: 'audit.read' })).length;

/** node:http, not fetch: fetch sets Sec-Fetch-Mode itself. */
function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(server.url + path, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

async function readAuditCsv(m: Parameters<typeof metadata>[0]): Promise<number> {
  return (await get('/api/v1/audit?format=csv', { Cookie: cookie, ...metadata(m) })).status;
}

test('the viewer’s fetch, its preload and a download link clicked in it read with the cookie', async () => {
  assert.equal(await readAuditCsv(VIEWER_FETCH), 200);
  assert.equal(await readAuditCsv({ ...VIEWER_FETCH, mode: 'same-origin' }), 200);
  assert.equal(await readAuditCsv({ site: 'same-origin', mode: 'navigate', dest: 'empty' }), 200, 'a download link');
});

test('an image, a stylesheet, a script, a frame, a navigation, a prefetch, a sibling site or an old browser cannot, and leave no audit row', async () => {
  const before = await auditReads();
  const refused = [
    { site: 'same-origin', mode: 'no-cors', dest: 'image' },
    { site: 'same-origin', mode: 'no-cors', dest: 'style' },
    { site: 'same-origin', mode: 'no-cors', dest: 'script' },
    { site: 'same-origin', mode: 'navigate', dest: 'iframe' },
    { site: 'same-origin', mode: 'navigate', dest: 'document' },
    { site: 'same-origin', mode: 'no-cors', dest: 'empty' },
    { ...VIEWER_FETCH, purpose: 'prefetch' },
    { ...VIEWER_FETCH, site: 'same-site' },
    { ...VIEWER_FETCH, site: 'cross-site' },
    {},
  ];
  for (const m of refused) assert.equal(await readAuditCsv(m), 403, JSON.stringify(m));
  for (const path of ['/api/v1/privacy/lookup?visitorId=nobody', '/api/v1/sessions/nobody/events', '/api/v1/privacy/visitors/nobody/export']) {
    const res = await get(path, { Cookie: cookie, ...metadata({ site: 'same-origin', mode: 'no-cors', dest: 'image' }) });
    assert.equal(res.status, 403, path);
    assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'not_from_viewer');
  }
  assert.equal(await auditReads(), before, 'no refused read is in the trail');
});

test('a bearer token reads whatever asks for it: no page can set that header', async () => {
  const res = await get('/api/v1/audit?format=csv', { Authorization: `Bearer ${ADMIN_TOKEN}`, ...metadata({ site: 'same-origin', mode: 'no-cors', dest: 'image' }) });
  assert.equal(res.status, 200);
});
