// Live feedback: a connected viewer hears of answers and sessions as they arrive, and a
// low score calls the site's webhook, retried when the receiver fails at first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let surveyId: string;
const T0 = Date.parse('2026-11-30T10:00:00Z');
const publicPost = (path: string, body: unknown) => fetch(server.url + path, { method: 'POST', body: JSON.stringify(body) });

before(async () => {
  // The receiver below listens on 127.0.0.1, which webhooks may call only when allowed.
  server = await startTestServer({ webhook: { retryBaseMs: 100, pollMs: 50, maxAttempts: 3, allowPrivate: true } });
  const res = await server.api('/api/v1/surveys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'demo', kind: 'nps', question: 'Recommend us?' }) });
  surveyId = ((await res.json()) as { id: string }).id;
});
after(() => server.close());

/** Reads Server-Sent Events from an open response until `want` of them arrived. */
async function readEvents(res: Response, want: number, signal: AbortSignal): Promise<{ event: string; data: unknown }[]> {
  const events: { event: string; data: unknown }[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  signal.addEventListener('abort', () => void reader.cancel());
  while (events.length < want) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  return events;
}

test('a connected viewer receives a new session and an answer within a second', async () => {
  const abort = new AbortController();
  const res = await server.api('/api/v1/live?site=demo', { signal: abort.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const received = readEvents(res, 2, abort.signal);

  const session = 'session-live-000001';
  const chunk = { site: 'demo', visitor: 'visitor-live-0001', session, seq: 0, events: [{ type: 4, timestamp: T0, data: { href: 'https://demo.example/', width: 1280, height: 720 } }] };
  assert.equal((await publicPost('/api/v1/ingest', chunk)).status, 202);
  assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: surveyId, visitor: 'visitor-live-0001', session, score: 9, url: 'https://demo.example/', ts: T0 + 5000 })).status, 202);
  const timeout = setTimeout(() => abort.abort(), 1000);
  const events = await received;
  clearTimeout(timeout);
  abort.abort();
  assert.deepEqual(events.map((e) => e.event), ['session', 'answer'], 'both arrived within a second of being sent');
  assert.equal((events[0]!.data as { id: string }).id, session);
  assert.deepEqual([(events[1]!.data as { score: number }).score, (events[1]!.data as { session: string }).session], [9, session]);
});

test('live needs the researcher role', async () => {
  assert.equal((await server.api('/api/v1/live', { token: null })).status, 401);
});

test("a detractor's answer calls the site's webhook with the replay link, retried after a failure; a promoter does not", async () => {
  const calls: { body: Record<string, unknown> }[] = [];
  let failFirst = true;
  const receiver: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      calls.push({ body: JSON.parse(text) as Record<string, unknown> });
      res.statusCode = failFirst ? 503 : 204;
      failFirst = false;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  try {
    const set = await server.api('/api/v1/sites/demo', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ webhookUrl: hook }) });
    assert.equal(set.status, 200);
    const session = 'session-hook-000001';
    const chunk = { site: 'demo', visitor: 'visitor-hook-0001', session, seq: 0, events: [{ type: 4, timestamp: T0, data: { href: 'https://demo.example/', width: 1280, height: 720 } }] };
    assert.equal((await publicPost('/api/v1/ingest', chunk)).status, 202);
    assert.equal((await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: surveyId, visitor: 'visitor-hook-0001', session, score: 10, url: 'https://demo.example/', ts: T0 + 1000 })).status, 202);
    const answer = await publicPost('/api/v1/surveys/answer', { site: 'demo', survey: surveyId, visitor: 'visitor-hook-0001', session, score: 2, comment: 'Too slow', url: 'https://demo.example/pay', ts: T0 + 30_000 });
    assert.equal(answer.status, 202, 'the answer is acknowledged at once, whatever the webhook does');

    await eventually('the retried webhook call', () => calls.length >= 2, 5000);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(calls.length, 2, 'one failed attempt, one retry, then done; the promoter called nothing');
    const body = calls[1]!.body as { type: string; answer: { score: number; comment: string; url: string }; replayUrl: string };
    assert.equal(body.type, 'survey.low_score');
    assert.deepEqual([body.answer.score, body.answer.comment, body.answer.url], [2, 'Too slow', 'https://demo.example/pay']);
    assert.equal(body.replayUrl, `${server.url.replace('127.0.0.1', 'localhost')}/viewer/sessions/${session}?t=30000`);
    assert.deepEqual(calls[0]!.body, calls[1]!.body, 'the retry sends the same call');
  } finally {
    await new Promise((r) => receiver.close(r));
  }
});
