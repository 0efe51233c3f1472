// Makes the README's screenshots from a real run: a visitor uses the demo shop, then
// a researcher opens the viewer. `node --import tsx docs/screenshots.ts`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeConfig } from '../server/config.ts';
import { startServer } from '../server/server.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { showSites } from './screenshot-sites.ts';
import { payAndAnswer, SHOPPERS } from './screenshot-answers.ts';
import { researcherApi } from './screenshot-api.ts';
import { showFoundSessions, tagPaidSessions } from './screenshot-sessions.ts';
import { showWhoClicked, showWholeHeatmap } from './screenshot-heatmaps.ts';
import { correctAnswer, showThemes } from './screenshot-surveys.ts';
import { DEMO_SURVEY_ID } from '../server/bootstrap.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-shots-'));
const token = 'screenshot-admin-token-000';
const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir, adminToken: token }));
const url = server.url.replace('localhost', '127.0.0.1');
const browser = await launchBrowser();
const out = (name: string) => path.join('docs', name);

try {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 780 }]) {
    const visitor = await browser.newContext({ viewport });
    const page = await visitor.newPage();
    await page.goto(url + '/demo');
    if (viewport.width > 500) await page.screenshot({ path: out('demo-banner.png') });
    await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
    await page.click('#add-1');
    await page.click('#add-4');
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(800);
    await page.click('#nav-account');
    await page.fill('#name', 'Alice Example');
    await page.fill('#email', 'alice@example.com');
    await page.fill('#iban', 'DE89370400440532013000');
    await page.fill('#password', 'correct horse battery');
    await page.click('#account-submit');
    await page.waitForTimeout(800);
    await page.click('#nav-checkout');
    await page.fill('#card-number', '4111 1111 1111 1111');
    await page.click('#pay');
    // The demo's NPS survey follows a payment: one visitor is unhappy, the other happy.
    const survey = page.getByRole('dialog', { name: /recommend Nordlicht/ });
    await survey.waitFor();
    await page.waitForTimeout(400);
    const desktop = viewport.width > 500;
    if (desktop) await page.screenshot({ path: out('demo-survey.png') });
    await survey.getByRole('radio', { name: desktop ? '6' : /^10/, exact: desktop }).click();
    await survey.getByRole('button', { name: 'Send' }).click();
    const comment = page.getByRole('dialog', { name: /main reason/ });
    await comment.getByRole('textbox').fill(desktop ? 'Shipping costs only showed up at the very end' : 'Quick and easy on my phone');
    await comment.getByRole('button', { name: 'Send' }).click();
    await page.waitForTimeout(1500);
    await page.goto('about:blank');
    await visitor.close();
  }
  // A few more desktop visitors shopping, so the heatmap has something to show.
  for (let v = 0; v < 6; v++) {
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await visitor.newPage();
    await page.goto(url + '/demo');
    await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
    await page.waitForTimeout(1200); // the recorder loads after consent
    for (const [i, id] of ['.hero .btn-light', '#add-1', '.hero .btn-light', '#add-2', '#add-1', '#nav-cart'].entries()) {
      await page.evaluate(() => scrollTo(0, 0));
      await page.locator(id).scrollIntoViewIfNeeded();
      const box = await page.locator(id).boundingBox();
      if (box) await page.mouse.click(box.x + box.width * (0.3 + ((v + i) % 5) * 0.1), box.y + box.height * (0.35 + ((v * 3 + i) % 4) * 0.1));
      await page.waitForTimeout(120);
    }
    await page.mouse.wheel(0, 400 + v * 300);
    await page.waitForTimeout(800);
    await page.goto('about:blank');
    await visitor.close();
  }
  // Buyers who answer in English and German, some clicking Pay in a burst.
  for (const shopper of SHOPPERS) await payAndAnswer(browser, url, shopper);
  await new Promise((r) => setTimeout(r, 1500));
  const api = researcherApi(url, token);
  await tagPaidSessions(api);
  await correctAnswer(api, DEMO_SURVEY_ID, 'Die Lieferung hat zwei Wochen', { sentiment: 'negative', themes: ['delivery', 'support'] });

  const researcher = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await researcher.newPage();
  await page.goto(url + '/viewer/');
  await page.getByLabel('Access token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('sessions-table').waitFor();
  await page.screenshot({ path: out('viewer-sessions.png') });
  await page.locator('[data-session-id] a').last().click();
  await page.frameLocator('.rr-player iframe').locator('body').waitFor({ state: 'attached' });
  await page.locator('.timeline__page').nth(1).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out('viewer-replay.png') });
  await page.getByLabel('Note on this moment').fill('Looks for the cart twice: the header icon is easy to miss.');
  await page.getByRole('button', { name: /^Add note at/ }).click();
  await page.locator('.timeline__note').waitFor();
  // Taller, so the timeline with the note's mark is in the picture too.
  await page.setViewportSize({ width: 1400, height: 1240 });
  await page.locator('.timeline').waitFor();
  await page.waitForTimeout(500); // the player rescales on the next frames
  await page.screenshot({ path: out('viewer-replay-notes.png') });
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(url + '/viewer/surveys?site=demo');
  await page.getByTestId('survey-answers').waitFor();
  await page.screenshot({ path: out('viewer-surveys.png') });
  await page.getByRole('row', { name: /Shipping costs/ }).getByRole('link', { name: /Replay at/ }).click();
  await page.getByTestId('answer-card').waitFor({ state: 'visible' });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out('viewer-replay-survey.png') });
  await page.goto(url + '/viewer/heatmaps?site=demo&device=desktop');
  await page.getByTestId('click-canvas').waitFor();
  await page.frameLocator('.heatmap-page iframe').locator('#products').waitFor({ state: 'attached' });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out('viewer-heatmaps.png') });
  await page.goto(url + '/viewer/privacy/preview');
  await page.getByLabel('Page URL').fill(url + '/demo');
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByTestId('preview-result').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: out('viewer-preview.png') });
  await page.goto(url + '/viewer/sites');
  await showSites(page);
  await page.screenshot({ path: out('viewer-sites.png') });
  // The research workbench's pages, 1280 px wide.
  await showFoundSessions(page, url);
  await page.screenshot({ path: out('viewer-sessions-filters.png') });
  await showWholeHeatmap(page, url, out('viewer-heatmaps-whole.png'));
  await showWhoClicked(page, url, out('viewer-heatmaps-who-clicked.png'));
  await showThemes(page, url, out('viewer-surveys-themes.png'));
  await researcher.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
