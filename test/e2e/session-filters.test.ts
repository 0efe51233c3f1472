// A researcher finds the sessions that matter: keeps only those with rage clicks, sorts
// them by duration, saves that as a segment, and a colleague opening the page's address
// in a browser of their own sees the same list; the segment, picked again, leads there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';

const env = useServerAndBrowser();
const T0 = Date.UTC(2026, 10, 20, 10);

/** Sessions of the demo site: id, seconds long, whether it has rage clicks. */
const VISITS: [string, number, boolean][] = [['short-rage', 10, true], ['long-rage', 40, true], ['mid-rage', 25, true], ['calm-long', 90, false], ['calm-short', 5, false]];

async function store(): Promise<void> {
  for (const [name, seconds, rage] of VISITS) {
    const start = T0 + VISITS.findIndex((v) => v[0] === name) * 60_000;
    const body = {
      site: 'demo', visitor: `visitor-${name}`, session: `session-${name}`, seq: 0,
      events: [{ type: 3, timestamp: start, data: {} }, { type: 3, timestamp: start + seconds * 1000, data: {} }],
      pages: [{ pv: 0, url: 'https://demo.example/checkout', ts: start, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 2000 }],
      clicks: Array.from({ length: rage ? 4 : 1 }, (_, i) => ({ pv: 0, ts: start + 1000 + i * 100, x: 5, y: 5, selector: 'button#pay', offsetX: 1, offsetY: 1, rage: rage && i > 0 })),
    };
    const res = await fetch(env.server.url + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body), headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0' } });
    assert.equal(res.status, 202);
  }
}

const rows = (page: Page) => page.locator('[data-testid="sessions-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-session-id')));

async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('sessions-table').waitFor();
}

test('filter by rage, sort by duration, save a segment, and the shared address shows the same list', async () => {
  await store();
  const researcher = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await researcher.newPage();
  await signIn(page, `${env.server.url}/viewer/?site=demo`);
  assert.equal((await rows(page)).length, 5);

  await page.getByLabel('Rage clicks').check();
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/rage=1/);
  await eventually('only the raging sessions', async () => (await rows(page)).length === 3 && !(await rows(page)).some((id) => id?.startsWith('session-calm')));
  const row = page.locator('tr[data-session-id="session-long-rage"]');
  assert.match(await row.innerText(), /rage/);
  assert.match(await row.innerText(), /Firefox 133 · Linux/);

  const duration = page.getByRole('columnheader', { name: /Duration/ });
  assert.equal(await duration.getAttribute('aria-sort'), 'none');
  await duration.getByRole('button').click();
  await page.waitForURL(/sort=-duration/);
  await eventually('sorted by duration, longest first', async () => JSON.stringify(await rows(page)) === JSON.stringify(['session-long-rage', 'session-mid-rage', 'session-short-rage']));
  assert.equal(await page.getByRole('columnheader', { name: /Duration/ }).getAttribute('aria-sort'), 'descending');

  await page.getByLabel('Segment name').fill('Raging, longest first');
  await page.getByRole('button', { name: 'Save filters as segment' }).click();
  await page.getByText('Saved “Raging, longest first”').waitFor();
  const [saved] = await env.server.store.segments.segmentsOf((await env.server.store.sites.siteByKey('demo'))!.id);
  assert.deepEqual(saved?.filters, { rage: true, sort: '-duration' });
  const shared = page.url();
  const list = await rows(page);

  // A colleague, in a browser of their own, opens the address they were sent.
  const colleague = await (await env.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await signIn(colleague, shared);
  await eventually('the same list', async () => JSON.stringify(await rows(colleague)) === JSON.stringify(list));
  assert.equal(await colleague.getByLabel('Rage clicks').isChecked(), true);

  // From the unfiltered list, picking the segment leads to the same address.
  await colleague.goto(`${env.server.url}/viewer/?site=demo`);
  await eventually('the whole list', async () => (await rows(colleague)).length === 5);
  await eventually('the segment offered', async () => (await colleague.locator('#segment-pick option').allInnerTexts()).includes('Raging, longest first'));
  await colleague.getByLabel('Segment', { exact: true }).selectOption({ label: 'Raging, longest first' });
  await colleague.waitForURL(/rage=1/);
  assert.equal(new URL(colleague.url()).search, new URL(shared).search);
  await eventually('the same list again', async () => JSON.stringify(await rows(colleague)) === JSON.stringify(list));
  await researcher.close();
  await colleague.context().close();
});

test('a tag added on the replay page shows as a chip in the list and filters it', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/viewer/sessions/session-mid-rage`);
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New tag').fill('checkout bug');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.getByRole('button', { name: 'Remove tag checkout bug' }).waitFor();
  assert.deepEqual((await env.server.store.sessions.sessionSummary('session-mid-rage'))!.tags, ['checkout bug']);
  await page.goto(`${env.server.url}/viewer/?site=demo&tag=checkout+bug`);
  await eventually('only the tagged session', async () => JSON.stringify(await rows(page)) === JSON.stringify(['session-mid-rage']));
  assert.match(await page.locator('tr[data-session-id="session-mid-rage"] .tag-chip').innerText(), /checkout bug/);

  // At 1280 px, with marks and two tags, the first cell keeps its chips to itself and the list fits.
  await env.server.api('/api/v1/sessions/session-mid-rage/tags', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tags: ['checkout bug', 'payment-bug'] }) });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  const row = page.locator('tr[data-session-id="session-mid-rage"]');
  await row.locator('.tag-chip').nth(1).waitFor();
  const chipsRight = await row.locator('.tag-chips').evaluate((el) => Math.max(...[...el.children].map((c) => c.getBoundingClientRect().right)));
  const durationLeft = await row.locator('td').nth(1).evaluate((el) => el.getBoundingClientRect().left);
  assert.ok(chipsRight <= durationLeft, `tag chips end at ${chipsRight}, over the duration cell from ${durationLeft}`);
  const fits = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(fits.scroll <= fits.client, `no sideways scroll at 1280 px: ${fits.scroll} > ${fits.client}`);
  await context.close();
});
