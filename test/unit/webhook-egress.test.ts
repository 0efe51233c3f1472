// Webhooks reach only public addresses unless the operator allows private ones, and a
// slow or dead receiver of one site does not hold up another site's calls.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startTestServer, type TestServer } from '../helpers/server.ts';

const json = (method: string, body: unknown) => ({ method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const servers: { close(): Promise<void> | void }[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

/** A webhook receiver on 127.0.0.1; `answer(false)` keeps every request hanging (a dead receiver). */
async function receiver(respond = true): Promise<{ url: string; calls: IncomingMessage[]; answered: () => number }> {
  const calls: IncomingMessage[] = [];
  let answered = 0;
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    calls.push(req);
    req.resume();
    if (!respond) return void hanging.push(res);
    req.on('end', () => {
      answered++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, calls, answered: () => answered };
}

async function siteWithSurvey(server: TestServer, name: string): Promise<{ key: string; survey: string }> {
  const site = (await (await server.api('/api/v1/sites', json('POST', { name, origins: [`https://${name}.example`] }))).json()) as { key: string };
  const survey = (await (await server.api('/api/v1/surveys', json('POST', { site: site.key, kind: 'nps', question: 'Recommend us?' }))).json()) as { id: string };
  return { key: site.key, survey: survey.id };
}

const detractor = (server: TestServer, site: { key: string; survey: string }, visitor: string) =>
  fetch(server.url + '/api/v1/surveys/answer', { method: 'POST', body: JSON.stringify({ site: site.key, survey: site.survey, visitor, score: 1, url: `https://${site.key}.example/`, ts: Date.now() }) });

test('a webhook to loopback, private, link-local or metadata addresses is refused when set', async () => {
  const server = await startTestServer();
  servers.push(server);
  for (const url of ['http://127.0.0.1:9/hook', 'http://localhost:8080/', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/', 'http://0x7f.1/', 'http://10.1.2.3/', 'http://192.168.0.10/', 'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/']) {
    const res = await server.api('/api/v1/sites/demo', json('PATCH', { webhookUrl: url }));
    assert.equal(res.status, 400, url);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'webhook_target_private', url);
    assert.match(error.message, /public addresses/);
  }
  assert.equal(await server.store.surveys.webhookOf((await server.store.sites.siteByKey('demo'))!.id), null, 'none was saved');
  assert.equal((await server.api('/api/v1/sites/demo', json('PATCH', { webhookUrl: 'https://hooks.example/einblick' }))).status, 200, 'a name that does not resolve yet is kept, and checked at each delivery');
});

test('a webhook already stored with a loopback target is not called at delivery', async () => {
  const server = await startTestServer({ webhook: { pollMs: 50, maxAttempts: 1 } });
  servers.push(server);
  const inside = await receiver();
  const site = await siteWithSurvey(server, 'stored');
  // As if set before this check existed, or by a name that later resolved inside.
  await server.store.surveys.setWebhook((await server.store.sites.siteByKey(site.key))!.id, inside.url.replace('127.0.0.1', 'localhost'));
  assert.equal((await detractor(server, site, 'visitor-stored-01')).status, 202);
  await eventually('the delivery to be given up', async () => (await server.store.surveys.dueWebhooks(Date.now() + 1e9)).length === 0);
  assert.equal(inside.calls.length, 0, 'the loopback receiver was never called');
});

test("a dead receiver of one site does not delay another site's webhook", async () => {
  // A long deadline: the other site's call must not wait for it to pass.
  const server = await startTestServer({ webhook: { pollMs: 50, timeoutMs: 120_000, allowPrivate: true } });
  servers.push(server);
  const dead = await receiver(false);
  const alive = await receiver();
  const a = await siteWithSurvey(server, 'slowshop');
  const b = await siteWithSurvey(server, 'fastshop');
  assert.equal((await server.api(`/api/v1/sites/${a.key}`, json('PATCH', { webhookUrl: dead.url }))).status, 200);
  assert.equal((await server.api(`/api/v1/sites/${b.key}`, json('PATCH', { webhookUrl: alive.url }))).status, 200);
  for (let i = 0; i < 3; i++) await detractor(server, a, `visitor-slow-0${i}`);
  await eventually("the dead receiver to hold the first site's call", () => dead.calls.length === 1);
  await detractor(server, b, 'visitor-fast-01');
  await eventually("the other site's webhook", () => alive.answered() === 1);
  assert.equal(dead.calls.length, 1, "the first site's call is still hanging, its later calls wait behind it");
});
