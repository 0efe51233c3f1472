// Every authenticated endpoint against every role, and no token at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';

type Role = 'researcher' | 'privacy' | 'admin';
const ROLES: Role[] = ['researcher', 'privacy', 'admin'];
let server: TestServer;
const tokens = {} as Record<Role, string>;
let n = 0;

/** A fresh recorded session, so erasing endpoints always have something to erase. */
async function freshSession(): Promise<{ session: string; visitor: string }> {
  const id = `matrix-${++n}-session`;
  const visitor = `matrix-${n}-visitor`;
  const body = { site: 'demo', visitor, session: id, seq: 0, events: [{ type: 3, timestamp: Date.now(), data: {} }] };
  assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) })).status, 202);
  return { session: id, visitor };
}

/** A page with a recorded snapshot, for the heatmap endpoints; recorded once. */
const HEATMAP_PAGE = 'https://demo.example/matrix';
const PAGE_QUERY = `site=demo&url=${encodeURIComponent(HEATMAP_PAGE)}`;
let heatmapPage: Promise<void> | undefined;
function recordedPage(): Promise<void> {
  heatmapPage ??= (async () => {
    const ts = Date.now();
    const body = {
      site: 'demo', visitor: 'matrix-heatmap-visitor', session: 'matrix-heatmap-session', seq: 0,
      events: [{ type: 2, timestamp: ts, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } } }],
      pages: [{ pv: 0, url: HEATMAP_PAGE, ts, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }],
    };
    assert.equal((await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) })).status, 202);
  })();
  return heatmapPage;
}

const json = (body: unknown) => ({ headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** `allowedStatus`: what an allowed role gets when 2xx would be too costly here (the request got past the role check). */
const ENDPOINTS: { name: string; allowed: Role[] | 'any'; allowedStatus?: number; request: () => Promise<[string, RequestInit]> }[] = [
  { name: 'GET /auth/me', allowed: 'any', request: async () => ['/api/v1/auth/me', {}] },
  { name: 'GET /sites', allowed: 'any', request: async () => ['/api/v1/sites', {}] },
  { name: 'POST /sites', allowed: ['admin'], request: async () => ['/api/v1/sites', { method: 'POST', ...json({ name: 'x', origins: ['https://x.example'] }) }] },
  { name: 'POST /tokens', allowed: ['admin'], request: async () => ['/api/v1/tokens', { method: 'POST', ...json({ role: 'researcher', label: 'x' }) }] },
  { name: 'GET /tokens', allowed: ['admin'], request: async () => ['/api/v1/tokens', {}] },
  { name: 'DELETE /tokens/:id', allowed: ['admin'], request: async () => [`/api/v1/tokens/${await freshTokenId()}`, { method: 'DELETE' }] },
  { name: 'GET /sessions', allowed: ['researcher', 'admin'], request: async () => ['/api/v1/sessions', {}] },
  { name: 'GET /sessions/:id', allowed: ['researcher', 'admin'], request: async () => [`/api/v1/sessions/${(await freshSession()).session}`, {}] },
  { name: 'GET /sessions/:id/events', allowed: ['researcher', 'admin'], request: async () => [`/api/v1/sessions/${(await freshSession()).session}/events`, {}] },
  { name: 'PUT /sessions/:id/tags', allowed: ['researcher', 'admin'], request: async () => [`/api/v1/sessions/${(await freshSession()).session}/tags`, { method: 'PUT', ...json({ tags: ['matrix'] }) }] },
  { name: 'GET /tags', allowed: ['researcher', 'admin'], request: async () => ['/api/v1/tags?site=demo', {}] },
  { name: 'POST /segments', allowed: ['researcher', 'admin'], allowedStatus: 201, request: async () => ['/api/v1/segments', { method: 'POST', ...json({ site: 'demo', name: 'matrix', filters: { rage: '1' } }) }] },
  { name: 'GET /segments', allowed: ['researcher', 'admin'], request: async () => ['/api/v1/segments?site=demo', {}] },
  { name: 'DELETE /sessions/:id', allowed: ['privacy', 'admin'], request: async () => [`/api/v1/sessions/${(await freshSession()).session}`, { method: 'DELETE' }] },
  { name: 'GET /privacy/lookup', allowed: ['privacy', 'admin'], request: async () => [`/api/v1/privacy/lookup?visitorId=${(await freshSession()).visitor}`, {}] },
  { name: 'GET /privacy/visitors/:id/export', allowed: ['privacy', 'admin'], request: async () => [`/api/v1/privacy/visitors/${(await freshSession()).visitor}/export`, {}] },
  { name: 'GET /privacy/visitors/:id/export?format=zip', allowed: ['privacy', 'admin'], request: async () => [`/api/v1/privacy/visitors/${(await freshSession()).visitor}/export?format=zip`, {}] },
  { name: 'DELETE /privacy/visitors/:id', allowed: ['privacy', 'admin'], request: async () => [`/api/v1/privacy/visitors/${(await freshSession()).visitor}`, { method: 'DELETE' }] },
  { name: 'GET /audit', allowed: ['privacy', 'admin'], request: async () => ['/api/v1/audit', {}] },
  { name: 'PATCH /sites/:key', allowed: ['admin'], request: async () => ['/api/v1/sites/demo', { method: 'PATCH', ...json({ webhookUrl: null }) }] },
  { name: 'POST /surveys', allowed: ['admin'], request: async () => ['/api/v1/surveys', { method: 'POST', ...json({ site: 'demo', kind: 'nps', question: 'Recommend?' }) }] },
  { name: 'PATCH /surveys/:id', allowed: ['admin'], request: async () => [`/api/v1/surveys/${await freshSurvey()}`, { method: 'PATCH', ...json({ active: false }) }] },
  { name: 'GET /surveys', allowed: ['researcher', 'admin'], request: async () => ['/api/v1/surveys', {}] },
  { name: 'GET /surveys/:id/results', allowed: ['researcher', 'admin'], request: async () => [`/api/v1/surveys/${await freshSurvey()}/results`, {}] },
  // The stream stays open: the signal ends it once the status has been read.
  { name: 'GET /live', allowed: ['researcher', 'admin'], request: async () => ['/api/v1/live', { signal: AbortSignal.timeout(2000) }] },
  { name: 'GET /heatmaps/pages', allowed: ['researcher', 'admin'], request: async () => (await recordedPage(), ['/api/v1/heatmaps/pages?site=demo', {}]) },
  { name: 'GET /heatmaps/clicks', allowed: ['researcher', 'admin'], request: async () => (await recordedPage(), [`/api/v1/heatmaps/clicks?${PAGE_QUERY}`, {}]) },
  { name: 'GET /heatmaps/clicks.png', allowed: ['researcher', 'admin'], request: async () => (await recordedPage(), [`/api/v1/heatmaps/clicks.png?${PAGE_QUERY}`, {}]) },
  { name: 'GET /heatmaps/scroll', allowed: ['researcher', 'admin'], request: async () => (await recordedPage(), [`/api/v1/heatmaps/scroll?${PAGE_QUERY}`, {}]) },
  { name: 'GET /heatmaps/scroll.png', allowed: ['researcher', 'admin'], request: async () => (await recordedPage(), [`/api/v1/heatmaps/scroll.png?${PAGE_QUERY}`, {}]) },
  { name: 'GET /heatmaps/snapshot', allowed: ['researcher', 'admin'], request: async () => (await recordedPage(), [`/api/v1/heatmaps/snapshot?${PAGE_QUERY}`, {}]) },
  // A real preview drives Chromium (e2e/privacy-preview.test.ts); an unregistered origin is refused right after the role check.
  { name: 'POST /privacy/preview', allowed: ['privacy', 'admin'], allowedStatus: 400, request: async () => ['/api/v1/privacy/preview', { method: 'POST', ...json({ url: 'https://not-registered.example/' }) }] },
  { name: 'GET /privacy/leaks', allowed: ['privacy', 'admin'], request: async () => ['/api/v1/privacy/leaks?site=demo', {}] },
];

/** A token nobody uses, so revoking it costs the matrix nothing. */
async function freshTokenId(): Promise<number> {
  await server.api('/api/v1/tokens', { method: 'POST', ...json({ role: 'researcher', label: `spare ${++n}` }) });
  const { tokens: all } = (await (await server.api('/api/v1/tokens')).json()) as { tokens: { id: number }[] };
  return all[all.length - 1]!.id;
}

async function freshSurvey(): Promise<string> {
  const res = await server.api('/api/v1/surveys', { method: 'POST', ...json({ site: 'demo', kind: 'csat', question: 'Happy?' }) });
  return ((await res.json()) as { id: string }).id;
}

before(async () => {
  server = await startTestServer();
  for (const role of ROLES) {
    const res = await server.api('/api/v1/tokens', { method: 'POST', ...json({ role, label: `${role} token` }) });
    tokens[role] = ((await res.json()) as { token: string }).token;
  }
});
after(() => server.close());

for (const endpoint of ENDPOINTS) {
  test(`${endpoint.name}: ${endpoint.allowed === 'any' ? 'any role' : endpoint.allowed.join(' and ')}; 401 without a token, 403 for other roles`, async () => {
    const [path, init] = await endpoint.request();
    assert.equal((await server.api(path, { ...init, token: null })).status, 401, 'no token');
    for (const role of ROLES) {
      const [p, i] = await endpoint.request();
      const status = (await server.api(p, { ...i, token: tokens[role] })).status;
      const allowed = endpoint.allowed === 'any' || endpoint.allowed.includes(role);
      if (allowed && endpoint.allowedStatus) assert.equal(status, endpoint.allowedStatus, `${role} may`);
      else if (allowed) assert.ok(status >= 200 && status < 300, `${role} may: got ${status}`);
      else assert.equal(status, 403, `${role} may not`);
    }
  });
}
