// The privacy preview: before recording is switched on for a page, an officer sees
// what a recording would hold — masked replay beside the real page, and every text
// that would be stored unmasked — without the page ever reaching an Einblick database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { maskText } from '../../contract/mask-text.ts';

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

interface Preview {
  finalUrl: string;
  privacy: string;
  storedUrl: string;
  pageScreenshot: string;
  replayScreenshot: string;
  unmasked: { kind: string; element: string; attribute?: string; text: string }[];
  counts: { texts: number; masked: number; unmasked: number };
}

const preview = (body: unknown, token?: string) =>
  world.server.api('/api/v1/privacy/preview', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...(token ? { token } : {}) });

const pageUrl = () => world.site.page('preview') + '&email=petra.preview@example.com';

test('strict: only the data-einblick-unmask texts would be stored unmasked, and nothing reaches the database', async () => {
  const res = await preview({ url: pageUrl(), privacy: 'strict' });
  assert.equal(res.status, 200, await res.clone().text());
  const p = (await res.json()) as Preview;
  assert.deepEqual(p.unmasked.map((t) => [t.kind, t.element, t.text]), [
    ['text', 'h1#heading', 'Your account'],
    ['text', 'a#help', 'Help and contact'],
  ]);
  assert.ok(p.counts.masked >= 6, `the other texts are masked (${p.counts.masked})`);
  assert.doesNotMatch(p.storedUrl, /petra/, 'the stored page address loses its email');
  for (const shot of [p.pageScreenshot, p.replayScreenshot]) {
    assert.match(shot, /^data:image\/png;base64,/);
    assert.ok(Buffer.from(shot.split(',')[1]!, 'base64').length > 2000, 'a real screenshot');
  }
  assert.notEqual(p.pageScreenshot, p.replayScreenshot, 'the masked replay differs from the page');
  assert.equal((await world.server.store.sessions.listSessions({ limit: 5 })).sessions.length, 0, 'the preview stored no session');
  const [entry] = await world.server.store.audit.listAudit({ action: 'page.preview', limit: 1 });
  assert.deepEqual(entry!.detail, { privacy: 'strict', texts: p.counts.texts, unmasked: 2 });
  assert.ok(!JSON.stringify(entry).includes('petra'), 'the trail keeps the URL only as a keyed hash');
});

test('balanced: visible text is listed, an email address on the page is not', async () => {
  const p = (await (await preview({ url: pageUrl(), privacy: 'balanced' })).json()) as Preview;
  const texts = p.unmasked.map((t) => t.text);
  for (const shown of ['Your account', 'Hello Petra Preview, welcome back.', 'Plan: Outdoor club, renews in March', 'Photo of Petra']) assert.ok(texts.includes(shown), shown);
  assert.ok(texts.includes(`Questions? Write to ${maskText('petra.preview@example.com')} any time.`), 'the sentence is listed with its email masked');
  assert.ok(!JSON.stringify(p.unmasked).includes('petra.preview@example.com'), 'the email address is not');
  assert.ok(!texts.includes('Petra Preview'), 'an input value is never stored');
});

test("this server's own demo page can be previewed too, and its own Einblick tag records nothing", async () => {
  const before = (await world.server.store.sessions.listSessions({ limit: 50 })).sessions.length;
  const res = await preview({ url: world.server.url + '/demo', privacy: 'strict' });
  assert.equal(res.status, 200, await res.clone().text());
  const p = (await res.json()) as Preview;
  assert.ok(p.unmasked.some((t) => t.text === 'Nordlicht Outdoor'), 'the demo marks its shop copy data-einblick-unmask');
  assert.ok(p.counts.masked > 0, 'and its forms stay masked');
  assert.equal((await world.server.store.sessions.listSessions({ limit: 50 })).sessions.length, before, 'no session was stored');
});

test('only this server and registered origins can be previewed, by privacy officers, with readable errors', async () => {
  const foreign = await preview({ url: 'http://169.254.169.254/latest/meta-data/' });
  assert.equal(foreign.status, 400);
  assert.equal(((await foreign.json()) as { error: { code: string } }).error.code, 'origin_not_registered');
  assert.equal((await preview({ url: 'file:///etc/passwd' })).status, 400);
  const res = await world.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'researcher', label: 'R' }) });
  const { token } = (await res.json()) as { token: string };
  assert.equal((await preview({ url: pageUrl() }, token)).status, 403);
});

test('in the viewer, an officer previews a page and sees it beside its masked replay with the unmasked texts', async () => {
  const res = await world.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'privacy', label: 'DPO' }) });
  const { token } = (await res.json()) as { token: string };
  const context = await world.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const loaded: string[] = [];
  page.on('request', (r) => loaded.push(r.url()));
  await page.goto(world.server.url + '/viewer/privacy');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Privacy desk' }).getByRole('link', { name: 'Preview a page' }).click();
  await page.waitForURL('**/viewer/privacy/preview');
  await page.getByLabel('Page URL').fill(world.site.page('preview'));
  await page.getByLabel('Privacy mode').selectOption('strict');
  await page.getByRole('button', { name: 'Preview' }).click();
  const result = page.getByTestId('preview-result');
  await result.waitFor({ timeout: 60_000 });
  assert.match((await result.getByRole('heading', { level: 2 }).textContent()) ?? '', /^2 texts of \d+ would be stored unmasked \(strict\)$/);
  const rows = await page.getByTestId('unmasked-texts').locator('tbody tr').allInnerTexts();
  assert.deepEqual(rows.map((r) => r.split('\t').map((c) => c.trim())), [['h1#heading', 'Your account'], ['a#help', 'Help and contact']]);
  for (const name of ['The page as a visitor sees it', 'The same page as a recording would replay it, masked']) {
    assert.ok(await page.getByRole('img', { name }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 600), `${name} is shown`);
  }
  assert.ok(!loaded.some((u) => u.startsWith(world.site.origin)), "the officer's browser never loads the previewed page");
  await context.close();
});
