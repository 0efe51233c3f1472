// One end-to-end world: an Einblick server, a customer site on another origin that is
// registered with it, and a real Chromium.
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { startTestServer, type TestServer } from './server.ts';
import { startFixtureSite, type FixtureSite } from './fixture-site.ts';
import { launchBrowser } from './browser.ts';

export interface World {
  server: TestServer;
  site: FixtureSite;
  siteKey: string;
  browser: Browser;
  /** A fresh browser profile with the fixture page open; `requests` lists every request to the Einblick server. */
  open(page: string, attrs?: Record<string, string>, contextOptions?: Parameters<Browser['newContext']>[0]): Promise<{ context: BrowserContext; page: Page; requests: Request[] }>;
  close(): Promise<void>;
}

/** `browserMaskingOnly`: the server's PII scan off, so a test sees what the browser alone let out. */
export async function createWorld(o: { privacy?: 'strict' | 'balanced'; browserMaskingOnly?: boolean } = {}): Promise<World> {
  const server = await startTestServer(o.browserMaskingOnly ? { piiScan: { enabled: false } } : {});
  const site = await startFixtureSite(server.url);
  const res = await server.api('/api/v1/sites', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Fixture shop', origins: [site.origin], privacy: o.privacy ?? 'strict' }),
  });
  if (res.status !== 201) throw new Error(`creating the fixture site failed: ${res.status} ${await res.text()}`);
  const { key: siteKey } = (await res.json()) as { key: string };
  const browser = await launchBrowser();
  return {
    server,
    site,
    siteKey,
    browser,
    async open(name, attrs = {}, contextOptions = {}) {
      const context = await browser.newContext(contextOptions);
      const page = await context.newPage();
      const requests: Request[] = [];
      page.on('request', (r) => {
        if (r.url().startsWith(server.url)) requests.push(r);
      });
      await page.goto(site.page(name, { site: siteKey, ...attrs }));
      await page.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object');
      return { context, page, requests };
    },
    async close() {
      await browser.close();
      await site.close();
      await server.close();
    },
  };
}
