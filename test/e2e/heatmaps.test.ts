// Heatmaps over the page as recorded: clicks on a button that moves with the
// screen width land on that button for desktop and for mobile alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import sharp from 'sharp';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';
import { untilRecording } from '../helpers/recording.ts';
import { CAPTION_HEIGHT } from '../../server/heatmaps/render.ts';

/** Where on #pay each click lands, as shares of its width and height. */
const OFFSETS: [number, number][] = [
  [0.2, 0.3],
  [0.5, 0.5],
  [0.8, 0.7],
  [0.3, 0.75],
  [0.7, 0.25],
  [0.5, 0.2],
];

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

interface ClicksAnswer {
  totals: { clicks: number; pageViews: number };
  top: { selector: string; clicks: number }[];
  points: { selector: string; offsetX: number; offsetY: number }[];
}

function heatmapQuery(device: string): string {
  return new URLSearchParams({ site: world.siteKey, url: `${world.site.origin}/layout`, device }).toString();
}

interface DocRect { left: number; top: number; width: number; height: number }
/** Where #pay and the dark header were in the document, per recorded width. */
const recorded = new Map<number, { pay: DocRect; header: DocRect }>();

async function payOn(width: number, height: number): Promise<void> {
  const { context, page } = await world.open('layout', {}, { viewport: { width, height } });
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await untilRecording(page);
  const pay = page.locator('#pay');
  await pay.scrollIntoViewIfNeeded();
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  const [payRect, headerRect] = await page.evaluate(() =>
    ['#pay', 'header'].map((selector) => {
      const r = document.querySelector(selector)!.getBoundingClientRect();
      return { left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height };
    }),
  );
  recorded.set(width, { pay: payRect!, header: headerRect! });
  for (const [ox, oy] of OFFSETS) {
    const box = (await pay.boundingBox())!;
    await page.mouse.click(box.x + box.width * ox, box.y + box.height * oy);
    await page.waitForTimeout(150);
  }
  await page.goto('about:blank');
  await context.close();
}

async function storedClicks(device: string): Promise<ClicksAnswer> {
  return eventually(`the ${device} clicks and snapshot to be stored`, async () => {
    const res = await world.server.api(`/api/v1/heatmaps/clicks?${heatmapQuery(device)}`);
    const body = (await res.json()) as ClicksAnswer;
    const snapshot = await world.server.api(`/api/v1/heatmaps/snapshot?${heatmapQuery(device)}`);
    return body.totals.clicks >= OFFSETS.length && snapshot.status === 200 ? body : null;
  });
}

/** Mean alpha of the click canvas over #pay (its rect taken from the rebuilt page) and over #item-1, far from it. */
function heatAroundPay(page: Page): Promise<{ pay: number; far: number }> {
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="click-canvas"]')!;
    const iframe = document.querySelector<HTMLIFrameElement>('.heatmap-page iframe')!;
    const doc = iframe.contentDocument!;
    const toCanvas = canvas.width / Number(iframe.getAttribute('width'));
    const ctx = canvas.getContext('2d')!;
    const means: number[] = [];
    for (const selector of ['#pay', '#item-1']) {
      const r = doc.querySelector(selector)!.getBoundingClientRect();
      const px = ctx.getImageData(Math.round(r.left * toCanvas), Math.round(r.top * toCanvas), Math.max(1, Math.round(r.width * toCanvas)), Math.max(1, Math.round(r.height * toCanvas))).data;
      let sum = 0;
      for (let i = 3; i < px.length; i += 4) sum += px[i]!;
      means.push(sum / (px.length / 4));
    }
    return { pay: means[0]!, far: means[1]! };
  });
}

test('clicks on a button that moves with the width are drawn on that button, on desktop and on mobile', async () => {
  await payOn(1280, 800);
  await payOn(390, 844);

  for (const device of ['desktop', 'mobile']) {
    const answer = await storedClicks(device);
    assert.equal(answer.totals.clicks, OFFSETS.length, `${device}: every click on #pay is stored`);
    assert.match(answer.top[0]?.selector ?? '', /#pay/);
    assert.equal(answer.points.length, OFFSETS.length);
    const offsets = answer.points.map((p) => [Math.round(p.offsetX), Math.round(p.offsetY)]).sort();
    const expected = OFFSETS.map(([x, y]) => [Math.round(x * 100), Math.round(y * 100)]).sort();
    for (const [i, [x, y]] of expected.entries()) {
      assert.ok(Math.abs(offsets[i]![0]! - x!) <= 1 && Math.abs(offsets[i]![1]! - y!) <= 1, `${device}: click ${i} keeps where on the button it landed`);
    }
  }

  const context = await world.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${world.server.url}/viewer/heatmaps?${new URLSearchParams({ site: world.siteKey, device: 'desktop' })}`);
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));

  // Without a page in the URL, the most viewed page is chosen.
  await page.waitForURL((url) => url.searchParams.get('page') === `${world.site.origin}/layout`);
  assert.equal(await page.getByRole('link', { name: 'Heatmaps' }).getAttribute('aria-current'), 'page');

  for (const [device, viewport] of [['desktop', 1280], ['mobile', 390]] as const) {
    if (device === 'mobile') {
      await page.getByLabel('Device').selectOption('mobile');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.waitForURL((url) => url.searchParams.get('device') === 'mobile');
    }
    const frame = page.frameLocator('.heatmap-page iframe');
    await frame.locator('#pay').waitFor({ state: 'attached' });
    await page.getByTestId('click-canvas').waitFor();
    assert.match(await page.getByTestId('heatmap-totals').innerText(), new RegExp(`^${OFFSETS.length} clicks on 1 page view`));
    const iframe = page.locator('.heatmap-page iframe');
    assert.equal(await iframe.getAttribute('width'), String(viewport), `${device}: the page is rebuilt at the recorded width`);
    const sandbox = await iframe.getAttribute('sandbox');
    assert.ok(sandbox !== null && !sandbox.includes('allow-scripts'), 'the rebuilt page runs no recorded script');

    const heat = await heatAroundPay(page);
    assert.ok(heat.pay > 25, `${device}: the heat over #pay is strong (mean alpha ${heat.pay.toFixed(1)})`);
    assert.ok(heat.far < heat.pay / 10, `${device}: far from #pay it is cold (mean alpha ${heat.far.toFixed(1)} vs ${heat.pay.toFixed(1)})`);

    await page.getByRole('button', { name: /#pay/ }).click();
    await page.getByTestId('highlight-box').waitFor();
    await page.getByRole('button', { name: 'Scroll', exact: true }).click();
    assert.equal(await page.locator('.scroll-band').count(), 20, 'one band per 5 % of the page');
    assert.ok(await page.getByTestId('scroll-layer').isVisible());
    assert.ok(!(await page.getByTestId('click-canvas').isVisible()), 'one layer at a time');
    await page.getByRole('button', { name: 'Clicks', exact: true }).click();
  }

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download PNG: clicks' }).click()]);
  assert.equal(download.suggestedFilename(), 'einblick-clicks.png');
  assert.deepEqual([...(await readFile(await download.path())).subarray(1, 4)], [...Buffer.from('PNG')], 'the download is a PNG');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the click PNG is drawn over a screenshot of the page as recorded, with the hot spot on the button', async () => {
  // The first test recorded the clicks on #pay at 1280 px.
  const res = await world.server.api(`/api/v1/heatmaps/clicks.png?${heatmapQuery('desktop')}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-einblick-background'), 'screenshot', 'a Chromium is here, so the page is rendered');
  const answer = (await (await world.server.api(`/api/v1/heatmaps/clicks?${heatmapQuery('desktop')}`)).json()) as { width: number; height: number };
  const pngBytes = Buffer.from(await res.arrayBuffer());
  if (process.env.KEEP_PNG) (await import('node:fs')).writeFileSync(process.env.KEEP_PNG, pngBytes);
  const { data, info } = await sharp(pngBytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [answer.width, answer.height + CAPTION_HEIGHT], 'the page size plus the caption strip');
  const at = (x: number, y: number) => {
    const i = (Math.round(y) * info.width + Math.round(x)) * 3;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  const { pay, header } = recorded.get(1280)!;
  const scale = answer.width / 1280;
  const dark = at((header.left + 8) * scale, (header.top + 6) * scale);
  assert.ok(dark.every((v, i) => Math.abs(v - [29, 33, 39][i]!) <= 12), `the recorded page's dark header shows (${dark}), not the grey outline`);
  // Each click is a small spot at its place on the button; between them the green button shows.
  const [ox, oy] = OFFSETS[0]!;
  const hot = at((pay.left + pay.width * ox) * scale, (pay.top + pay.height * oy) * scale);
  assert.ok(hot[0]! > 150 && hot[0]! > hot[1]! + 60, `the first click on #pay glows red over it: ${hot}`);
  const green = at((pay.left + pay.width * 0.05) * scale, (pay.top + pay.height * 0.9) * scale);
  assert.ok(green[1]! > 100 && green[0]! < 60, `the recorded green button shows where nobody clicked: ${green}`);

  const again = await world.server.api(`/api/v1/heatmaps/scroll.png?${heatmapQuery('desktop')}`);
  assert.equal(again.headers.get('x-einblick-background'), 'screenshot', 'the scroll map is drawn on the same page');
});

test('page views that scrolled to 25 %, 50 % and 100 % of a page give those shares in the scroll map', async () => {
  for (const scrollY of [600, 1600, 3600]) { // the window is 400 px, the page 4,000
    const { context, page } = await world.open('long', {}, { viewport: { width: 1280, height: 400 } });
    await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
    await untilRecording(page);
    await page.evaluate((y) => scrollTo(0, y), scrollY);
    await page.waitForTimeout(400);
    await page.goto('about:blank');
    await context.close();
  }
  const q = new URLSearchParams({ site: world.siteKey, url: `${world.site.origin}/long`, device: 'desktop' });
  const map = await eventually('three page views with their scroll depth', async () => {
    const body = (await (await world.server.api(`/api/v1/heatmaps/scroll?${q}`)).json()) as { bands: { depth: number; share: number }[]; fold: number; pageViews: number };
    return body.pageViews === 3 && body.bands.find((b) => b.depth === 100)!.share > 0 ? body : null;
  });
  const share = (depth: number) => map.bands.find((b) => b.depth === depth)!.share;
  assert.equal(share(25), 1, 'all three reached a quarter of the page');
  assert.ok(Math.abs(share(30) - 2 / 3) < 1e-9 && Math.abs(share(50) - 2 / 3) < 1e-9, 'two of three reached half of it');
  assert.ok(Math.abs(share(55) - 1 / 3) < 1e-9 && Math.abs(share(100) - 1 / 3) < 1e-9, 'one of three reached its end');
  assert.ok(Math.abs(map.fold - 0.1) < 0.01, `the average fold is the 400 px window on a 4,000 px page (${map.fold})`);
});
