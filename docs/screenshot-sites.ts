// The Sites page as the README shows it: a site just added, with the tag for its pages,
// and the demo site open for editing with an origin the server refused.
import type { Page } from 'playwright-core';

export async function showSites(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'Sites', level: 1 }).waitFor();
  const form = page.getByRole('form', { name: 'New site' });
  await form.getByLabel('Name').fill('Garden shop');
  await form.getByLabel('Origins').fill('https://garden.example\nhttps://www.garden.example');
  await form.getByLabel('Keep data for (days)').fill('30');
  await form.getByRole('button', { name: 'Add site' }).click();
  await page.getByTestId('new-site-snippet').or(page.getByTestId('site-snippet')).first().waitFor();
  const demo = page.locator('article[data-site="demo"]');
  await demo.getByRole('button', { name: /^Edit/ }).click();
  await demo.getByLabel('Origins').fill('https://demo.example\ndemo.example/shop');
  await demo.getByRole('button', { name: 'Save' }).click();
  await demo.locator('.form-error:not(:empty)').first().waitFor();
}
