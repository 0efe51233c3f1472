// The heatmap of the demo shop (a page three screens tall) drawn for its whole height,
// and a top element's "Who clicked it" list.
import type { Page } from 'playwright-core';
import sharp from 'sharp';

const WIDTH = 1280;

async function openShopHeatmap(page: Page, url: string): Promise<void> {
  await page.goto(url + '/viewer/heatmaps?site=demo&device=desktop');
  await page.getByTestId('click-canvas').waitFor();
  await page.frameLocator('.heatmap-page iframe').locator('#products').waitFor({ state: 'attached' });
}

export async function showWholeHeatmap(page: Page, url: string, path: string): Promise<void> {
  await page.setViewportSize({ width: WIDTH, height: 900 });
  await openShopHeatmap(page, url);
  // The stage scrolls inside the window's height (100vh - 10rem): a window as tall as
  // the drawn page shows all of it, with the heat below the first screen too.
  const bottom = await page.locator('.heatmap-page').evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  await page.setViewportSize({ width: WIDTH, height: Math.ceil(bottom + 40) });
  await page.waitForTimeout(1500); // the stage redraws on the next frames
  // Three screens tall: a palette PNG keeps it near the size of the others.
  await sharp(await page.screenshot({ fullPage: true })).png({ palette: true, quality: 90, effort: 8 }).toFile(path);
  await page.setViewportSize({ width: WIDTH, height: 900 });
}

export async function showWhoClicked(page: Page, url: string, path: string): Promise<void> {
  // Tall enough for the list and the top elements under the legend.
  await page.setViewportSize({ width: WIDTH, height: 1000 });
  await openShopHeatmap(page, url);
  await page.getByTestId('top-elements').locator('.selector-button').first().click();
  const list = page.getByTestId('element-sessions');
  await list.locator('.element-sessions__list li').first().waitFor();
  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForTimeout(1000); // the stage scrolls smoothly to the outlined element
  await page.screenshot({ path });
}
