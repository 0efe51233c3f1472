// The privacy desk's Leaks page: a client that sent personal data in clear (here one
// that does not mask at all, as any client of the JSON API may) is caught by the
// server, and the site owner sees where, how often and what to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';

const env = useServerAndBrowser();

const T0 = 1_700_000_000_000;

async function sendUnmaskedChunk(session: string): Promise<void> {
  const el = (tagName: string, attributes: object, childNodes: unknown[], id: number) => ({ type: 2, tagName, attributes, childNodes, id });
  const events = [
    { type: 4, data: { href: 'http://localhost/checkout?step=2', width: 1280, height: 720 }, timestamp: T0 },
    { type: 2, data: { node: { type: 0, childNodes: [el('html', {}, [el('body', {}, [el('p', { class: 'order-note' }, [{ type: 3, textContent: 'Deliver to tess.leak@example.com', id: 5 }], 4)], 3)], 2)], id: 1 } }, timestamp: T0 + 10 },
  ];
  const pages = [{ pv: 0, url: 'http://localhost/checkout?step=2', ts: T0, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 2000 }];
  const res = await fetch(env.server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify({ site: 'demo', visitor: `visitor-${session}`, session, seq: 0, events, pages }) });
  assert.equal(res.status, 202);
}

test('a privacy officer sees which element leaked an email, how often, and how to fix it', async () => {
  await sendUnmaskedChunk('leaky-session-0001');
  await sendUnmaskedChunk('leaky-session-0002');
  const res = await env.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'privacy', label: 'DPO' }) });
  const { token } = (await res.json()) as { token: string };

  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Privacy' }).click();
  await page.getByRole('navigation', { name: 'Privacy desk' }).getByRole('link', { name: 'Leaks' }).click();
  await page.waitForURL('**/viewer/privacy/leaks');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Leaks');

  const row = page.locator('[data-testid="leak-table"] tbody tr');
  await row.first().waitFor();
  // The site list arrives with the table (the select shows "Loading sites…" until then).
  assert.equal(await page.getByLabel('Site').inputValue(), 'demo');
  assert.equal(await row.count(), 1);
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.slice(0, 4), ['/checkout', 'Email address', 'text of p.order-note', '2']);
  assert.match(cells[5]!, /Add data-einblick-mask to p\.order-note/);
  assert.equal(await page.getByRole('heading', { level: 2 }).textContent(), '2 catches in 1 place');
  assert.equal((await page.content()).includes('tess.leak'), false, 'the caught text is nowhere on the page');
  await context.close();
});
