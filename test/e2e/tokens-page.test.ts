// An admin hands out a token on the Tokens page, sees its secret once, and revokes it:
// whoever signed in with it is signed out at their next step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';

const env = useServerAndBrowser();

async function signIn(context: BrowserContext, token: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(env.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

test('an admin creates a token, sees its secret once, and revoking it signs its user out', async () => {
  const adminContext = await env.browser.newContext();
  const admin = await signIn(adminContext, ADMIN_TOKEN);
  await admin.getByRole('link', { name: 'Tokens' }).click();
  await admin.getByRole('heading', { name: 'Tokens', level: 1 }).waitFor();
  await admin.getByLabel('Label').fill('Ana (research)');
  await admin.getByLabel('Role').selectOption('researcher');
  await admin.getByRole('button', { name: 'Create token' }).click();
  const secret = await admin.getByTestId('new-token').inputValue();
  assert.match(secret, /^ebk_[\w-]{43}$/);
  const row = admin.getByTestId('token-table').locator('tr', { hasText: 'Ana (research)' });
  await row.waitFor();
  assert.match((await row.textContent()) ?? '', /researcher.*Active/);

  const anaContext = await env.browser.newContext();
  const ana = await signIn(anaContext, secret);
  await ana.getByTestId('sessions-table').or(ana.getByText('No sessions')).first().waitFor();

  await admin.reload();
  await admin.getByTestId('token-table').waitFor();
  assert.ok(!(await admin.content()).includes(secret), 'the secret is not shown again');
  const used = admin.getByTestId('token-table').locator('tr', { hasText: 'Ana (research)' });
  assert.doesNotMatch((await used.locator('td').nth(3).textContent()) ?? '', /—/, 'its last use is shown');
  await used.getByRole('button', { name: /Revoke/ }).click();
  await used.getByRole('button', { name: 'Revoke Ana (research) now' }).click();
  await admin.getByTestId('token-table').locator('tr', { hasText: 'Ana (research)' }).filter({ hasText: 'Revoked' }).waitFor();

  await ana.reload();
  await ana.getByLabel('Access token').waitFor();
  assert.equal(await ana.getByRole('button', { name: 'Sign out' }).count(), 0, 'Ana is signed out');
  await adminContext.close();
  await anaContext.close();
});

test('a researcher is not offered the Tokens page', async () => {
  const res = await env.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'researcher', label: 'Ben' }) });
  const { token } = (await res.json()) as { token: string };
  const context = await env.browser.newContext();
  const page = await signIn(context, token);
  assert.equal(await page.getByRole('link', { name: 'Tokens' }).count(), 0);
  await page.goto(env.server.url + '/viewer/tokens');
  await page.getByText('Tokens are managed by admins.').waitFor();
  await context.close();
});
