// Screenshots of recorded pages for the heatmap PNGs: the stored full snapshot as
// static HTML in a headless Chromium with JavaScript off, at the recorded viewport
// width, whole page. Requests may go only to this server and the site's own origins
// (the replay's rule: nothing recorded runs, no foreign host learns of it), decided
// per request and redirect hop by the profile's proxy (server/egress). Chromium
// starts on the first screenshot and stays up; shots are kept per snapshot.
import { existsSync } from 'node:fs';
import { launchGuardedBrowser, type GuardedBrowser } from '../egress/guarded-browser.ts';
import type { AllowList } from '../egress/allow-list.ts';

export interface PageScreenshot {
  png: Buffer;
  width: number;
  height: number;
}

export interface ScreenshotJob {
  /** Names the snapshot: the same key is rendered once. */
  key: string;
  /** Made only when the key is not cached. */
  html: () => Promise<string | null>;
  viewportWidth: number;
  viewportHeight: number;
  /** The recorded document's height: the shot is at least this tall, whatever the static page measures. */
  documentHeight?: number;
  /** Where the page may load images, styles and fonts from. */
  allow: AllowList;
}

export interface PageScreenshots {
  /** The page's screenshot, or null when screenshots are off, Chromium is missing or rendering failed. */
  take(job: ScreenshotJob): Promise<PageScreenshot | null>;
  close(): Promise<void>;
}

const KEPT = 16;
const RENDER_TIMEOUT_MS = 15_000;
/** Chromium's own limit for one capture is 16,384 px on a side. */
const MAX_HEIGHT = 16_384;
/** After Chromium failed to start, try again only after this long. */
const RETRY_LAUNCH_MS = 60_000;

export function pageScreenshots(config: { enabled: boolean; chromiumPath: string | undefined }, log: (line: string) => void = (line) => console.error(line)): PageScreenshots {
  let browser: Promise<GuardedBrowser> | null = null;
  let launchFailedAt = -Infinity;
  let queue: Promise<unknown> = Promise.resolve();
  const kept = new Map<string, Promise<PageScreenshot | null>>();

  function launch(): Promise<GuardedBrowser> {
    if (!browser) {
      const starting = launchGuardedBrowser(config.chromiumPath);
      starting.then(
        // A crashed or killed Chromium is started again on the next screenshot.
        (b) => b.browser.on('disconnected', () => browser === starting && (browser = null)),
        () => {
          if (browser === starting) browser = null;
          launchFailedAt = Date.now();
        },
      );
      browser = starting;
    }
    return browser;
  }

  async function render(job: ScreenshotJob): Promise<PageScreenshot | null> {
    const html = await job.html();
    if (html === null) return null;
    const guarded = await (await launch()).newContext(job.allow, {
      javaScriptEnabled: false,
      viewport: { width: job.viewportWidth, height: Math.max(200, job.viewportHeight) },
      deviceScaleFactor: 1,
    });
    const { context } = guarded;
    try {
      // A second line only: the proxy decides, and also sees the redirect hops this does not.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || job.allow.forUrl(safeUrl(url))) return route.continue();
        return route.abort('blockedbyclient');
      });
      const page = await context.newPage();
      page.setDefaultTimeout(RENDER_TIMEOUT_MS);
      // "load" waits for the page's images and styles; a slow host only costs the timeout.
      await page.setContent(html, { waitUntil: 'load' }).catch(() => undefined);
      const height = await page.evaluate('Math.ceil(Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0))').catch(() => job.viewportHeight);
      // The whole page, not its first screen: a window as tall as the document. The recorded
      // height counts too, for pages whose static copy measures short (a body that was the
      // scroll container, content the page's own script had laid out).
      const shot = Math.min(MAX_HEIGHT, Math.max(1, Number(height) || job.viewportHeight, job.documentHeight ?? 0));
      await page.setViewportSize({ width: job.viewportWidth, height: shot });
      const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: job.viewportWidth, height: shot }, animations: 'disabled' });
      return { png, width: job.viewportWidth, height: shot };
    } finally {
      await guarded.close();
    }
  }

  return {
    take(job) {
      if (!config.enabled || (config.chromiumPath && !existsSync(config.chromiumPath))) return Promise.resolve(null);
      if (!browser && Date.now() - launchFailedAt < RETRY_LAUNCH_MS) return Promise.resolve(null);
      const hit = kept.get(job.key);
      if (hit) {
        kept.delete(job.key);
        kept.set(job.key, hit);
        return hit;
      }
      // One page at a time: a burst of downloads must not start a dozen renders.
      const shot = queue.then(() => render(job)).catch((err: unknown) => {
        log(`heatmap screenshot failed, drawing on the page outline: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        kept.delete(job.key);
        return null;
      });
      queue = shot;
      kept.set(job.key, shot);
      while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
      return shot;
    },
    async close() {
      const running = browser;
      browser = null;
      if (running) await (await running.catch(() => null))?.close();
    },
  };
}

function safeUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    return new URL('about:blank');
  }
}
