// What the server hands out: the small consent stub, and the viewer behind its policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

/** Raw bytes as sent (fetch would decompress them). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((resolve, reject) => {
    request(server.url + path, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (d: Buffer) => (bytes += d.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
    })
      .on('error', reject)
      .end();
  });
}

test('a visitor who never consents downloads a stub of at most 2 KB', async () => {
  const res = await rawGet('/einblick.js', { 'Accept-Encoding': 'gzip, deflate, br' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.ok(res.bytes <= 2048, `${res.bytes} bytes on the wire`);
  const plain = await rawGet('/einblick.js', {});
  assert.equal(plain.headers['content-encoding'], undefined, 'clients without gzip get it plain');
});

test('the viewer is served with a strict policy and no framing', async () => {
  const res = await fetch(server.url + '/viewer/sessions/abc');
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  for (const rule of ["script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]) assert.ok(csp.includes(rule), rule);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
});

test('the survey widget is its own bundle, served like the recorder: precompressed, cacheable, to any page', async () => {
  const res = await rawGet('/einblick-survey.js', { 'Accept-Encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['cache-control'], 'public, max-age=300');
  assert.match(String(res.headers['content-type']), /^text\/javascript/);
  const recorder = await (await fetch(server.url + '/einblick-recorder.js')).text();
  assert.doesNotMatch(recorder, /Not at all likely/, 'the widget is not inside the recorder every consenting visitor loads');
  const widget = await (await fetch(server.url + '/einblick-survey.js')).text();
  assert.match(widget, /Not at all likely/);
});

test('the viewer’s bundles have hashed names, are kept by browsers for good and sent gzipped; its HTML is asked for again', async () => {
  const html = await (await fetch(server.url + '/viewer/sessions/abc')).text();
  const files = [...html.matchAll(/(?:src|href)="(\/viewer\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  assert.ok(files.some((f) => /\/main-[A-Z0-9]{8}\.js$/.test(f)) && files.some((f) => /\/main-[A-Z0-9]{8}\.css$/.test(f)), files.join(' '));
  assert.ok(files.some((f) => /\/chunks\/replay-[A-Z0-9]{8}\.js$/.test(f)), 'a replay route preloads the replay page’s code');
  for (const file of files) {
    const res = await rawGet(file, { 'Accept-Encoding': 'gzip' });
    assert.equal(res.status, 200, file);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable', file);
    assert.equal(res.headers['content-encoding'], 'gzip', file);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  }
  const page = await rawGet('/viewer/sessions/abc', {});
  assert.equal(page.headers['cache-control'], 'no-cache');
  assert.doesNotMatch(String((await rawGet('/viewer/assets/manifest.json', {})).headers['cache-control']), /immutable/, 'what has no hash in its name is not kept for good');
});
