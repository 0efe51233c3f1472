// A test server and a Chromium shared by one test file's tests: started before them,
// closed after them (files that need the fixture site's pages use world.ts instead).
import { before, after } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './server.ts';
import { launchBrowser } from './browser.ts';

export interface ServerAndBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
}

export function useServerAndBrowser(): ServerAndBrowser {
  const env = {} as { server: TestServer; browser: Browser };
  before(async () => {
    env.server = await startTestServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser.close();
    await env.server.close();
  });
  return env;
}
