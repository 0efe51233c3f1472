// A site's origins end up in the viewer's Content-Security-Policy and decide who may send
// data: only http and https origins are taken, as the browser writes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const addSite = (origins: string[]) => server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Shop', origins }) });

test('javascript:, data:, file:, ftp: and origins with a path are refused with invalid_origin', async () => {
  for (const origin of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'ftp://shop.example', 'https://shop.example/checkout', 'https://shop.example;script-src *', 'shop.example']) {
    const res = await addSite(['https://ok.example', origin]);
    assert.equal(res.status, 400, origin);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'invalid_origin', origin);
    assert.match(error.message, /http:\/\/ or https:\/\//);
  }
});

test('http and https origins are kept as the Origin header writes them', async () => {
  const res = await addSite(['https://Shop.example/', 'http://localhost:3000']);
  assert.equal(res.status, 201);
  assert.deepEqual(((await res.json()) as { origins: string[] }).origins, ['https://shop.example', 'http://localhost:3000']);
});
