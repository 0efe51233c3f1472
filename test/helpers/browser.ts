// Real Chromium through playwright-core: CHROMIUM_PATH, else Debian's, else Playwright's own.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

export function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  // --lang: the viewer follows the browser's language, so tests read English whatever the machine's
  // locale; a test that wants another language sets it on its context (newContext({ locale })).
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--lang=en-US', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}
