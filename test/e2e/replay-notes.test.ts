// A researcher annotates a replay and shares the moment: seeks by clicking the timeline,
// writes a note there, sees it on the timeline and in the lists, copies the link and
// lands at that moment from it, jumps to a tracked event from the list, and drives the
// player from the keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { clockText, storeSyntheticSession } from '../helpers/synthetic-session.ts';

const env = useServerAndBrowser();

const clock = (page: Page) => page.frameLocator('.rr-player iframe').locator('#clock');
const clockShows = (page: Page, text: string) =>
  page.waitForFunction((want) => document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument?.getElementById('clock')?.textContent === want, text);

async function researcher(): Promise<string> {
  const res = await env.server.api('/api/v1/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'researcher', label: 'Rita (UX)' }) });
  return ((await res.json()) as { token: string }).token;
}

test('a researcher notes a moment, shares a link to it, and finds it again', async () => {
  const s = await storeSyntheticSession(env.server.store, 'demo', { id: 'e2e-notes', minutes: 4, checkoutEveryMin: 3, products: 40, tracks: [{ at: 95_000, name: 'checkout-opened' }] });
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
  await context.request.post(env.server.url + '/api/v1/auth/login', { data: { token: await researcher() } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/viewer/sessions/${s.id}`);
  await clockShows(page, '00:00');

  // Seek by clicking the timeline anywhere: 70 % of 4 minutes is 2:48.
  const track = page.locator('.timeline__track');
  const box = (await track.boundingBox())!;
  await track.click({ position: { x: box.width * 0.7, y: 6 } });
  await clockShows(page, '02:40');
  const url = await page.waitForFunction(() => new URL(location.href).searchParams.get('t'));
  const t = Number(await url.jsonValue());
  assert.ok(Math.abs(t - 168_000) < 2_000, `the address follows playback: t=${t}`);

  // A note at this moment; its text is a colleague's, shown as text.
  const text = 'Hesitates here <img src=x onerror="document.title=1">';
  await page.getByLabel('Note on this moment').fill(text);
  await page.getByRole('button', { name: /^Add note at 2:4\d$/ }).click();
  const mark = page.locator('.timeline__note');
  await mark.waitFor();
  assert.match((await mark.getAttribute('aria-label')) ?? '', /^Note by Rita \(UX\) at 2:4\d: Hesitates here/);
  assert.equal(await page.locator('.notes__list .note__text').textContent(), text);
  assert.equal(await page.locator('.moment--note').count(), 1, 'the note is among the moments');
  assert.equal(await page.locator('.notes img, .moments img').count(), 0, 'no markup from the note');
  const [stored] = await env.server.store.notes.sessionNotes(s.id);
  assert.ok(stored && Math.abs(stored.at - 168_000) < 2_000 && stored.author === 'Rita (UX)');

  // Copy the link at this moment and open it: the replay starts there, with the note.
  await page.getByRole('button', { name: 'Copy link at this moment' }).click();
  await page.getByRole('status').filter({ hasText: /Link to 2:4\d copied/ }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, new RegExp(`/viewer/sessions/${s.id}\\?t=\\d+$`));
  const shared = await context.newPage();
  await shared.goto(link);
  await clockShows(shared, '02:40');
  await shared.locator('.timeline__note').waitFor();
  await shared.close();

  // The tracked event is in the list (once its segment streamed in) and seeks there.
  const tracked = page.locator('.moment--track', { hasText: 'checkout-opened' });
  await tracked.click();
  await clockShows(page, clockText(95_000));

  // The keyboard: speed, forward 5 s, play and pause; a field keeps its keys.
  await page.locator('.subtitle').click();
  await page.keyboard.press('4');
  await page.locator('.rr-controller__btns button.active', { hasText: '4x' }).waitFor();
  await page.keyboard.press('ArrowRight');
  await clockShows(page, '01:40');
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.waitFor();
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await page.keyboard.press(' ');
  await play.waitFor();
  await page.getByLabel('Note on this moment').press(' ');
  assert.equal(await play.count(), 1, 'a space typed in a note does not play');
  assert.equal(await clock(page).count(), 1);
  await context.close();
});

test("the player's controls are named, the shortcuts listed, and the recorded page out of the Tab order", async () => {
  const s = await storeSyntheticSession(env.server.store, 'demo', { id: 'e2e-notes-a11y', minutes: 2, checkoutEveryMin: 3, products: 10 });
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.request.post(env.server.url + '/api/v1/auth/login', { data: { token: await researcher() } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/viewer/sessions/${s.id}`);
  await clockShows(page, '00:00');
  await page.getByRole('button', { name: 'Full screen' }).waitFor();
  await page.getByRole('checkbox', { name: 'Skip inactive stretches' }).waitFor();
  await page.getByRole('button', { name: 'Speed 2×' }).waitFor();
  const keys = (await page.locator('.shortcuts').innerText()).replace(/\s+/g, ' ');
  for (const key of ['Space', '← / →', '1 2 4 8']) assert.ok(keys.includes(key), `${key} is listed: ${keys}`);
  const iframe = page.locator('.rr-player iframe');
  assert.equal(await iframe.getAttribute('tabindex'), '-1');
  assert.equal(await iframe.evaluate((el) => (el as HTMLIFrameElement).inert), true);
  // Tab through the whole page: focus never lands in the recorded page.
  const seen = new Set<string>();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => {
      const frame = document.querySelector<HTMLIFrameElement>('.rr-player iframe');
      if (document.activeElement === frame || frame?.contentDocument?.hasFocus()) return 'replay';
      return document.activeElement?.outerHTML.slice(0, 80) ?? '';
    });
    assert.notEqual(where, 'replay', 'the recorded page took the focus');
    seen.add(where);
  }
  assert.ok(seen.size > 10, 'the tab walk visited the viewer controls');
  await context.close();
});
