// Conditions on the recorder in a test page, read from what it keeps in sessionStorage.
import type { Page } from 'playwright-core';

/**
 * Resolves once the recorder has numbered its first chunk (the full snapshot, cut at
 * once): rrweb, click and scroll tracking are running. Instead of waiting a guessed time.
 */
export const untilRecording = (page: Page) =>
  page.waitForFunction(() => ((JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { seq?: number }).seq ?? 0) >= 1);
