// GET /metrics: what an operator's Prometheus scrapes, for an admin token only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { provenVisitor } from '../helpers/visitor-key.ts';
import { DEFAULT_ASSETS } from '../../server/assets/assets-config.ts';

let server: TestServer;
before(async () => (server = await startTestServer({ limits: { perClient: { perSecond: 0.001, burst: 3 } }, assets: { ...DEFAULT_ASSETS, pollMs: 3_600_000 } })));
after(() => server.close());

const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

test('requests, refusals by code and chunk bytes are counted; the text is for admins', async () => {
  const { visitor } = provenVisitor();
  const body = JSON.stringify({ site: 'demo', visitor, session: 'metrics-session-1', seq: 0, events: [{ type: 3, timestamp: Date.now(), data: { source: 0 } }] });
  const post = (b: string) => fetch(server.url + '/api/v1/ingest', { method: 'POST', body: b });
  assert.equal((await post(body)).status, 202);
  assert.equal((await post('{"site": 1}')).status, 400);
  assert.equal((await post(body)).status, 202, 'a repeat is acknowledged too');
  assert.equal((await post(body)).status, 429, 'the fourth is over the burst');

  assert.equal((await server.api('/metrics', { token: null })).status, 401);
  const res = await server.api('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  assert.equal(sample(text, 'einblick_public_requests_total{route="/api/v1/ingest",status="202"}'), 2);
  assert.equal(sample(text, 'einblick_refusals_total{route="/api/v1/ingest",code="rate_limited"}'), 1);
  assert.equal(sample(text, 'einblick_ingest_bytes_total'), 2 * Buffer.byteLength(body));
  assert.ok([...text.matchAll(/^einblick_refusals_total\{route="\/api\/v1\/ingest",code="([a-z_]+)"\} 1$/gm)].length >= 2, 'the 400 is counted by its code too');
  assert.equal(sample(text, 'einblick_chunks_ingested_total{outcome="stored"}'), 1);
  assert.equal(sample(text, 'einblick_chunks_ingested_total{outcome="duplicate"}'), 1);
  assert.equal(sample(text, 'einblick_pii_scans_total'), 2, 'the two chunks that reached the scan; the refused ones did not');
  const scanSeconds = sample(text, 'einblick_pii_scan_seconds_total') ?? -1;
  assert.ok(scanSeconds > 0 && scanSeconds < 10, `scan time in seconds: ${scanSeconds}`);
  // The capture worker is held (it polls hourly here): the stored chunk waits to be read for asset URLs.
  assert.equal(sample(text, 'einblick_asset_queue_depth{queue="scan"}'), 1);
  assert.equal(sample(text, 'einblick_asset_queue_depth{queue="fetch"}'), 0);
  assert.equal(sample(text, 'einblick_webhook_deliveries_pending'), 0);
  assert.equal(sample(text, 'einblick_webhook_deliveries_retrying'), 0);
  assert.equal(sample(text, 'einblick_live_viewers'), 0);
  assert.ok((sample(text, 'einblick_event_loop_delay_p99_seconds') ?? -1) >= 0);
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
    assert.match(line, /^[a-z_][a-z0-9_]*(\{[a-z_]+="[^"\n]*"(,[a-z_]+="[^"\n]*")*\})? [0-9.e+-]+$/, `a valid sample line: ${line}`);
  }
});
