// The privacy preview says what to do when it cannot run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer({ chromiumPath: '/nonexistent/chromium' })));
after(() => server.close());

const preview = (body: unknown) => server.api('/api/v1/privacy/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

test('without Chromium the preview answers 503 and says how to install it', async () => {
  const res = await preview({ url: server.url + '/demo' });
  assert.equal(res.status, 503);
  const { error } = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(error.code, 'chromium_missing');
  assert.match(error.message, /\/nonexistent\/chromium/);
  assert.match(error.message, /CHROMIUM_PATH/);
});

test('a URL that is not http(s), or a privacy mode that does not exist, is a 400', async () => {
  assert.equal((await preview({ url: 'javascript:alert(1)' })).status, 400);
  assert.equal((await preview({ url: server.url + '/demo', privacy: 'lenient' })).status, 400);
  assert.equal((await preview({ url: server.url + '/demo', extra: 1 })).status, 400);
});
