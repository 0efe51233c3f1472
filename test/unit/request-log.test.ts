// The request log names routes, never the ids in a path: not for the API, not for the viewer's pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';
import { requestLog } from '../../server/http/request-log.ts';
import express from 'express';
import type { AddressInfo } from 'node:net';

test('a replay link, a session id in the API and a typed-in path leave no id in the log', async () => {
  const lines: string[] = [];
  const app = express();
  app.use(requestLog((line) => lines.push(line)));
  // As server/routes/static.ts serves the viewer: one route, a list of patterns.
  app.get(['/viewer', '/viewer/', '/viewer/{*rest}'], (_req, res) => void res.send('viewer'));
  app.get('/api/v1/sessions/:id', (_req, res) => void res.json({}));
  app.use((_req, res) => void res.status(404).end());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const p of ['/viewer/sessions/sess-SECRET-1', '/viewer/sessions/sess-SECRET-2?t=5', '/api/v1/sessions/sess-SECRET-3', '/viewer/people/SECRET-4', '/users/SECRET-5', '/viewer/heatmaps']) await (await fetch(base + p)).text();
  } finally {
    server.close();
  }
  assert.equal(lines.length, 6);
  assert.ok(!lines.join('\n').includes('SECRET'), lines.join('\n'));
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { path: string }).path), ['/viewer/sessions/:id', '/viewer/sessions/:id', '/api/v1/sessions/:id', '(unmatched viewer path)', '(unmatched path)', '/viewer/heatmaps']);
});

test('the server itself logs viewer pages by pattern', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-log-'));
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir, logRequests: true }));
  process.stdout.write = ((chunk: string) => (String(chunk).startsWith('{"t"') ? (lines.push(String(chunk)), true) : write(chunk))) as typeof process.stdout.write;
  try {
    await (await fetch(server.url.replace('localhost', '127.0.0.1') + '/viewer/sessions/sess-SECRET-6')).text();
  } finally {
    process.stdout.write = write;
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.equal(lines.length, 1);
  assert.equal((JSON.parse(lines[0]!) as { path: string }).path, '/viewer/sessions/:id');
});
