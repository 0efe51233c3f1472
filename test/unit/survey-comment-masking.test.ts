// A visitor types their email, phone or card number into a survey comment: it is masked
// before it is stored, so the results, the webhook's queue and the live stream see it masked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let surveyId: string;
before(async () => {
  server = await startTestServer();
  const res = await server.api('/api/v1/surveys', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site: 'demo', kind: 'nps', question: 'Recommend us?' }) });
  surveyId = ((await res.json()) as { id: string }).id;
  // A webhook makes a low score queue a delivery; the queue is read below, nothing is sent in time.
  await server.api('/api/v1/sites/demo', { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ webhookUrl: 'https://hooks.example/einblick' }) });
});
after(() => server.close());

const COMMENT = 'Too slow! Mail me at ana.lopez@example.com or call +49 170 1234567, my card 4111 1111 1111 1111 was charged twice';
const SECRETS = ['ana.lopez@example.com', '1234567', '4111 1111 1111 1111', '4111'];

test('personal data in a comment is masked in storage, in the webhook queue and on the live stream', async () => {
  const abort = new AbortController();
  const live = await server.api('/api/v1/live?site=demo', { signal: abort.signal });
  const reader = live.body!.pipeThrough(new TextDecoderStream()).getReader();
  let stream = '';
  const answer = await fetch(server.url + '/api/v1/surveys/answer', {
    method: 'POST',
    body: JSON.stringify({ site: 'demo', survey: surveyId, visitor: 'visitor-comment-1', score: 2, comment: COMMENT, url: 'https://demo.example/pay', ts: Date.now() }),
  });
  assert.equal(answer.status, 202);
  while (!stream.includes('event: answer')) stream += (await reader.read()).value ?? '';
  while (!/event: answer\ndata: .*\n\n/.test(stream)) stream += (await reader.read()).value ?? '';
  abort.abort();

  const results = await (await server.api(`/api/v1/surveys/${surveyId}/results`)).text();
  const queued = JSON.stringify(await server.store.surveys.dueWebhooks(Date.now() + 60_000));
  for (const [where, text] of [['results', results], ['webhook queue', queued], ['live stream', stream]] as const) {
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where} holds no "${secret}"`);
    assert.ok(text.includes('Too slow!') && text.includes('was charged twice'), `${where} keeps the rest of the comment`);
  }
  assert.ok(queued.includes('"comment"'), 'the low score was queued for the webhook');
});
