// An admin adds a site on the Sites page, copies the tag for its pages, and changes its
// origins and safe image prefixes (a wrong one is refused at the field, and the tag then
// carries the prefixes); a researcher cannot reach the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import type { SiteSummary } from '../../contract/schemas/index.ts';

const env = useServerAndBrowser();

async function signIn(context: BrowserContext, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(env.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

const storedSite = async (key: string) => ((await (await env.server.api('/api/v1/sites')).json()) as { sites: SiteSummary[] }).sites.find((s) => s.key === key);

test('an admin adds a site, copies its tag, and changes its origins', async () => {
  const context = await env.browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  const admin = await signIn(context, ADMIN_TOKEN);
  await admin.getByRole('link', { name: 'Sites' }).click();
  await admin.getByRole('heading', { name: 'Sites', level: 1 }).waitFor();

  const form = admin.getByRole('form', { name: 'New site' });
  await form.getByLabel('Name').fill('Garden shop');
  await form.getByLabel('Origins').fill('https://garden.example\n');
  await form.getByLabel('Keep data for (days)').fill('30');
  await form.getByLabel('Privacy mode').selectOption('balanced');
  await form.getByLabel('Safe images').fill('/static/icons/\n');
  await form.getByRole('button', { name: 'Add site' }).click();

  const key = (await admin.getByTestId('new-site-key').textContent()) ?? '';
  assert.match(key, /^[\w-]{16}$/);
  const expectedTag = `<script src="${env.server.url}/einblick.js" data-site="${key}" data-privacy="balanced" data-safe-images="/static/icons/" defer></script>`;
  const created = admin.getByRole('region', { name: 'Add a site' });
  assert.equal(await created.getByTestId('site-snippet').inputValue(), expectedTag);
  await created.getByRole('button', { name: 'Copy' }).click();
  await created.getByText('Copied.').waitFor();
  assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), expectedTag, 'the tag on the clipboard, ready to paste');
  assert.deepEqual(await storedSite(key), { key, name: 'Garden shop', origins: ['https://garden.example'], privacy: 'balanced', retentionDays: 30, pageQueryKeys: [], safeImages: ['/static/icons/'], webhookUrl: null });

  const card = admin.locator(`article[data-site="${key}"]`);
  await card.waitFor();
  assert.match((await card.textContent()) ?? '', /https:\/\/garden\.example.*30 days/s);
  await card.getByRole('button', { name: 'Edit Garden shop' }).click();
  const origins = card.getByLabel('Origins');
  await origins.fill('https://garden.example\ngarden.example/shop');
  await card.getByRole('button', { name: 'Save' }).click();
  const error = card.locator('#site-' + key + '-origins-error');
  await error.getByText(/Line 2: an origin is http:\/\/ or https:\/\//).waitFor();
  assert.equal(await origins.getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await storedSite(key))?.origins, ['https://garden.example'], 'nothing was changed');

  await origins.fill('https://garden.example\nhttps://shop.garden.example');
  await card.getByRole('button', { name: 'Save' }).click();
  await card.getByText('Saved.').waitFor();
  assert.match((await card.textContent()) ?? '', /https:\/\/shop\.garden\.example/);
  assert.deepEqual((await storedSite(key))?.origins, ['https://garden.example', 'https://shop.garden.example']);

  // A webhook to this very machine is refused at its own field.
  await card.getByRole('button', { name: 'Edit Garden shop' }).click();
  await card.getByLabel('Survey webhook URL').fill('http://127.0.0.1:9/hook');
  await card.getByRole('button', { name: 'Save' }).click();
  await card.locator(`#site-${key}-webhook-error`).getByText(/may only call public addresses/).waitFor();
  assert.equal((await storedSite(key))?.webhookUrl, null);
  await context.close();
});

test('an admin declares safe image prefixes: a dot segment is refused at its line, a good one is kept and goes into the tag', async () => {
  const created = await env.server.api('/api/v1/sites', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Photo shop', origins: ['https://photo.example'] }) });
  const { key } = (await created.json()) as SiteSummary;
  const context = await env.browser.newContext();
  const admin = await signIn(context, ADMIN_TOKEN);
  await admin.goto(env.server.url + '/viewer/sites');
  const card = admin.locator(`article[data-site="${key}"]`);
  await card.getByText('none: strict mode records no image without data-einblick-unmask').waitFor();

  await card.getByRole('button', { name: 'Edit Photo shop' }).click();
  const prefixes = card.getByLabel('Safe images');
  await prefixes.fill('https://cdn.photo.example/products/\n/a/../b/');
  await card.getByRole('button', { name: 'Save' }).click();
  await card.locator(`#site-${key}-safe-images-error`).getByText(/^Line 2: an http\(s\) origin with a path prefix/).waitFor();
  assert.equal(await prefixes.getAttribute('aria-invalid'), 'true');
  assert.deepEqual((await storedSite(key))?.safeImages, [], 'a refused change changes nothing');

  await prefixes.fill('https://CDN.photo.example/products/\n\n/static/icons/');
  await card.getByRole('button', { name: 'Save' }).click();
  await card.getByText('Saved.').waitFor();
  const kept = ['https://cdn.photo.example/products/', '/static/icons/'];
  assert.deepEqual((await storedSite(key))?.safeImages, kept, 'kept normalised, blank lines dropped');

  await admin.reload();
  await card.waitFor();
  assert.match((await card.textContent()) ?? '', /https:\/\/cdn\.photo\.example\/products\/.*\/static\/icons\//s, 'shown after a reload');
  await card.getByText('The tag for its pages').click();
  assert.equal(
    await card.getByTestId('site-snippet').inputValue(),
    `<script src="${env.server.url}/einblick.js" data-site="${key}" data-safe-images="${kept.join(' ')}" defer></script>`,
  );
  await card.getByRole('button', { name: 'Edit Photo shop' }).click();
  assert.equal(await card.getByLabel('Safe images').inputValue(), kept.join('\n'), 'the editor starts from the stored list');
  await context.close();
});

test('a researcher is not offered the Sites page and is told whose it is', async () => {
  const res = await env.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'researcher', label: 'Ben' }) });
  const { token } = (await res.json()) as { token: string };
  const context = await env.browser.newContext();
  const page = await signIn(context, token);
  await page.getByRole('link', { name: 'Sessions' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sites' }).count(), 0);
  await page.goto(env.server.url + '/viewer/sites');
  await page.getByText('Sites are managed by admins.').waitFor();
  assert.equal(await page.getByRole('form', { name: 'New site' }).count(), 0);
  await context.close();
});
