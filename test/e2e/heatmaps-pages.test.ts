// Heatmaps that are true: the demo shop's three pages (/demo, ?page=account,
// ?page=checkout) are three maps, each with its own clicks; the whole recorded page
// is drawn under a tall page's heat, in the viewer and in the PNG; and an element of
// the map leads to the sessions that clicked it, each opened at that click.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { untilRecording } from '../helpers/recording.ts';
import { CAPTION_HEIGHT } from '../../server/heatmaps/render.ts';

const env = useServerAndBrowser();

interface ClicksAnswer { totals: { clicks: number; pageViews: number }; top: { selector: string; clicks: number }[]; height: number; width: number }

const q = (page: string, extra: Record<string, string> = {}) => new URLSearchParams({ site: 'demo', url: page, device: 'desktop', ...extra }).toString();
const clicksOf = async (page: string) => (await (await env.server.api(`/api/v1/heatmaps/clicks?${q(page)}`)).json()) as ClicksAnswer;
const selectorsOf = (a: ClicksAnswer) => a.top.map((t) => t.selector).join(' ');

test('a visit to the shop, its account and its checkout page makes three heatmaps, each with its own clicks, over the whole page', async () => {
  const shop = `${env.server.url}/demo`;
  const account = `${shop}?page=account`;
  const checkout = `${shop}?page=checkout`;
  assert.deepEqual((await env.server.store.sites.siteByKey('demo'))!.pageQueryKeys, ['page'], 'the demo site declares its page key on first start');

  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitor = await context.newPage();
  await visitor.goto(`${shop}?utm_source=newsletter`);
  await visitor.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
  await untilRecording(visitor);
  await visitor.click('#add-2');
  await visitor.click('#add-6');
  // No id near it: a long selector, which must not push the top elements' "Share" out of view.
  await visitor.click('li.product:nth-of-type(3) .product-desc');
  await visitor.click('#nav-account');
  await visitor.click('#account-submit');
  await visitor.click('#nav-checkout');
  await visitor.click('#pay');
  // The page stays open: the recorder sends its chunks on its own timer, which a loaded
  // machine keeps better than the last-gasp send of a page being left.
  const pages = await eventually('three pages with their clicks', async () => {
    const body = (await (await env.server.api('/api/v1/heatmaps/pages?site=demo&device=desktop')).json()) as { pages: { page: string; pageViews: number }[] };
    const clicks = await clicksOf(checkout);
    return body.pages.length === 3 && clicks.totals.clicks > 0 ? body.pages : null;
  }, 60_000);
  await context.close();
  assert.deepEqual(pages.map((p) => p.page).sort(), [shop, account, checkout].sort(), 'a campaign parameter never splits a page');

  const onShop = selectorsOf(await clicksOf(shop));
  const onAccount = selectorsOf(await clicksOf(account));
  const onCheckout = selectorsOf(await clicksOf(checkout));
  assert.match(onShop, /#add-2/);
  assert.doesNotMatch(onShop, /#account-submit|pay/, "the shop's map has none of the other pages' clicks");
  assert.match(onAccount, /#account-submit/);
  assert.doesNotMatch(onAccount, /#add-|pay/);
  assert.match(onCheckout, /pay/);
  assert.doesNotMatch(onCheckout, /#add-|#account-submit/);

  // The shop page is far taller than the window: its PNG shows the page below the first screen too.
  const answer = await clicksOf(shop);
  assert.ok(answer.height > 2000, `the shop page is tall (${answer.height} px)`);
  const res = await env.server.api(`/api/v1/heatmaps/clicks.png?${q(shop)}`);
  assert.equal(res.headers.get('x-einblick-background'), 'screenshot');
  const png = Buffer.from(await res.arrayBuffer());
  if (process.env.KEEP_PNG) (await import('node:fs')).writeFileSync(process.env.KEEP_PNG, png);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const scale = info.width / 1280;
  const nonWhiteShare = (top: number, bottom: number) => {
    let coloured = 0;
    let all = 0;
    for (let y = Math.round(top * scale); y < Math.round(bottom * scale); y += 4) {
      for (let x = 0; x < info.width; x += 4) {
        const i = (y * info.width + x) * 3;
        all++;
        if (data[i]! < 235 || data[i + 1]! < 235 || data[i + 2]! < 235) coloured++;
      }
    }
    return coloured / all;
  };
  const below = nonWhiteShare(answer.height - 900, answer.height - 100);
  assert.ok(below > 0.2, `the recorded page is drawn at the bottom of the PNG (${(below * 100).toFixed(0)} % of it not white)`);
  assert.ok(info.height >= Math.round(answer.height * scale) + CAPTION_HEIGHT - 1);

  // The viewer: the rebuilt page and the heat cover the whole page, not the first screen.
  const viewer = await (await env.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const problems: string[] = [];
  viewer.on('pageerror', (err) => problems.push(err.message));
  await viewer.goto(`${env.server.url}/viewer/heatmaps?${new URLSearchParams({ site: 'demo', device: 'desktop', page: shop })}`);
  await viewer.getByLabel('Access token').fill(ADMIN_TOKEN);
  await viewer.getByRole('button', { name: 'Sign in' }).click();
  const frame = viewer.frameLocator('.heatmap-page iframe');
  await frame.locator('#add-2').waitFor({ state: 'attached' });
  const cover = await eventually('the rebuilt page at its full height', async () => {
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    const m = await viewer.evaluate(() => {
      const iframe = document.querySelector<HTMLIFrameElement>('.heatmap-page iframe')!;
      const doc = iframe.contentDocument!;
      const last = doc.querySelector('#page-shop section:last-of-type')!;
      return {
        iframe: iframe.getBoundingClientRect().height, frame: document.querySelector('.heatmap-page')!.getBoundingClientRect().height,
        canvas: document.querySelector('[data-testid="click-canvas"]')!.getBoundingClientRect().height,
        lastBottom: last.getBoundingClientRect().bottom, docHeight: doc.documentElement.scrollHeight, inner: iframe.contentWindow!.innerHeight,
        scale: iframe.getBoundingClientRect().width / Number(iframe.getAttribute('width')),
      };
    });
    return m.iframe / m.scale >= answer.height - 50 ? m : null;
  });
  assert.ok(Math.abs(cover.canvas - cover.iframe) <= 2 && Math.abs(cover.frame - cover.iframe) <= 2, `the heat layer covers the rebuilt page (${JSON.stringify(cover)})`);
  assert.ok(cover.inner >= cover.lastBottom - 1, `the rebuilt page's window holds its last section (${JSON.stringify(cover)})`);

  // An admin sees, and may change, which query parameters make a page.
  assert.equal(await viewer.getByLabel('Query parameters that make a page').inputValue(), 'page');

  // The top elements' last column is in view, not cut off by the panel.
  const share = await viewer.evaluate(() => {
    const table = document.querySelector('[data-testid="top-elements"]')!;
    const scroller = table.parentElement!;
    const th = [...table.querySelectorAll('th')].find((t) => t.textContent === 'Share')!;
    return { overflow: scroller.scrollWidth - scroller.clientWidth, thRight: th.getBoundingClientRect().right, boxRight: scroller.getBoundingClientRect().right };
  });
  assert.ok(share.overflow <= 0 && share.thRight <= share.boxRight, `the "Share" header is not clipped (${JSON.stringify(share)})`);

  // From a top element to the sessions that clicked it, each link at that click.
  await viewer.getByTestId('top-elements').getByRole('button', { name: /#add-2/ }).click();
  const link = viewer.getByTestId('element-sessions').getByRole('link').first();
  await link.waitFor();
  const href = (await link.getAttribute('href'))!;
  assert.match(href, /^\/viewer\/sessions\/[^?]+\?t=\d+$/);
  const api = (await (await env.server.api(`/api/v1/heatmaps/element-sessions?${q(shop, { selector: (await clicksOf(shop)).top.find((t) => t.selector.includes('#add-2'))!.selector })}`)).json()) as { sessions: { id: string; at: number }[] };
  assert.equal(api.sessions.length, 1);
  assert.equal(href, `/viewer/sessions/${api.sessions[0]!.id}?t=${api.sessions[0]!.at}`);
  assert.ok(api.sessions[0]!.at > 0, 'the click came some time into the session');

  // A click spot on the page leads there too.
  await viewer.getByTestId('element-sessions').getByRole('link').first().waitFor();
  // Measured against the canvas in one go: the top element's outline scrolls the page
  // smoothly, and rectangles read at two moments of that scroll would not line up.
  const spot = await viewer.evaluate(() => {
    const iframe = document.querySelector<HTMLIFrameElement>('.heatmap-page iframe')!;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="click-canvas"]')!;
    const r = iframe.contentDocument!.querySelector('#add-6')!.getBoundingClientRect();
    const frame = iframe.getBoundingClientRect();
    const scale = frame.width / Number(iframe.getAttribute('width'));
    const c = canvas.getBoundingClientRect();
    return { x: frame.left - c.left + (r.left + r.width / 2) * scale, y: frame.top - c.top + (r.top + r.height / 2) * scale };
  });
  await viewer.getByTestId('click-canvas').click({ position: spot });
  await viewer.getByTestId('element-sessions').getByText(/#add-6/).waitFor();
  assert.match((await viewer.getByTestId('element-sessions').getByRole('link').first().getAttribute('href'))!, /\?t=\d+$/);
  assert.deepEqual(problems, []);
  await viewer.context().close();
});
