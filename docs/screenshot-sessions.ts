// The sessions list as "Finding sessions" shows it: sessions tagged through the API,
// filtered by a tag, sorted by rage clicks, with their marks and tag chips, and the
// filters saved as a segment so it is chosen in the segment picker.
import type { Page } from 'playwright-core';
import type { Api } from './screenshot-api.ts';

interface Listed { sessions: { id: string; rageClicks: number }[] }

export async function tagPaidSessions(api: Api): Promise<void> {
  const { sessions } = await api<Listed>('/sessions?site=demo&answered=1');
  if (sessions.length < 2) throw new Error(`Only ${sessions.length} answered sessions to tag`);
  for (const s of sessions) {
    await api(`/sessions/${s.id}/tags`, { method: 'PUT', body: { tags: s.rageClicks > 0 ? ['checkout', 'payment-bug'] : ['checkout'] } });
  }
}

export async function showFoundSessions(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url + '/viewer/?site=demo&tag=checkout&sort=-rage');
  await page.getByTestId('sessions-table').waitFor();
  await page.getByLabel('Segment name').fill('Paid, raging first');
  await page.getByRole('button', { name: 'Save filters as segment' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await page.locator('#segment-pick option', { hasText: 'Paid, raging first' }).waitFor({ state: 'attached' });
  await page.locator('th[aria-sort="descending"]').waitFor();
}
