// Opens one page in the server's headless Chromium, as an anonymous visitor, with the
// Einblick recorder injected and consent granted, and catches what the recorder would
// upload before it leaves the browser. Nothing is sent to any Einblick server: the
// recorder's endpoint is a path on the page's own origin that is answered here, and the
// page's own Einblick tag (if it has one) is never loaded. Where else the page may
// reach is decided by the profile's proxy (server/egress): only this server and the
// registered sites' origins, every redirect hop, subresource and socket included.
import type { Route } from 'playwright-core';
import type { AllowList } from '../egress/allow-list.ts';
import type { GuardedBrowser } from '../egress/guarded-browser.ts';
import type { PrivacyMode } from '../../contract/schemas/index.ts';
import { HttpError } from '../http/http-error.ts';

/** Where the injected recorder is served from and sends to, on the page's own origin. */
const PREFIX = '/__einblick-preview/';
const EINBLICK_PATHS = /\/(einblick(-recorder)?\.js|api\/v1\/(ingest|consent\/revoke))$/;
const POLL_MS = 200;

export interface CaptureOptions {
  url: string;
  privacy: PrivacyMode;
  bundles: { stub: Buffer; recorder: Buffer };
  /** Where the page may go and load from. */
  allow: AllowList;
  viewport: { width: number; height: number };
  timeoutMs: number;
  /** Have the bodies caught so far got what is needed (a full snapshot)? */
  complete(bodies: Buffer[]): Promise<boolean>;
}

export interface PageCapture {
  /** Every chunk body the recorder tried to upload, as sent. */
  bodies: Buffer[];
  /** The page as the visitor sees it (the viewport). */
  screenshot: Buffer;
  finalUrl: string;
}

export async function capturePage(browser: GuardedBrowser, o: CaptureOptions): Promise<PageCapture> {
  // A fresh profile: no cookies (none of Einblick's, none of anyone's), no storage.
  const guarded = await browser.newContext(o.allow, { viewport: o.viewport, bypassCSP: true, acceptDownloads: false });
  const { context } = guarded;
  const bodies: Buffer[] = [];
  try {
    const page = await context.newPage();
    await context.route('**/*', (route: Route) => {
      const request = route.request();
      const url = new URL(request.url());
      if (url.pathname.startsWith(PREFIX)) {
        const name = url.pathname.slice(PREFIX.length);
        if (name === 'einblick.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: o.bundles.stub });
        if (name === 'einblick-recorder.js') return route.fulfill({ status: 200, contentType: 'text/javascript', body: o.bundles.recorder });
        if (name === 'api/v1/ingest') {
          const body = request.postDataBuffer();
          if (body) bodies.push(body);
          return route.fulfill({ status: 202, contentType: 'application/json', body: '{"stored":true}' });
        }
        return route.fulfill({ status: 404, body: '' });
      }
      // The page's own Einblick tag must not record this visit, nor send anything anywhere.
      if (EINBLICK_PATHS.test(url.pathname)) return route.abort('blockedbyclient');
      // A second line only: the proxy decides, and also sees the redirect hops this does not.
      if (!url.protocol.startsWith('data') && !url.protocol.startsWith('blob') && !o.allow.forUrl(url)) return route.abort('blockedbyclient');
      return route.continue();
    });
    try {
      await page.goto(o.url, { waitUntil: 'load', timeout: o.timeoutMs });
    } catch (err) {
      throw new HttpError(502, 'page_unreachable', `Chromium could not open ${o.url}: ${firstLine(err)}. Only the server's own pages and the sites' registered origins can be previewed.`);
    }
    if (!o.allow.forUrl(new URL(page.url()))) {
      const refused = guarded.refused.length ? ` (refused: ${guarded.refused[guarded.refused.length - 1]})` : '';
      throw new HttpError(502, 'page_unreachable', `${o.url} redirected away from this server and the registered origins${refused}; only those can be previewed.`);
    }
    const screenshot = await page.screenshot({ type: 'png' });
    await page.evaluate(
      ({ prefix, privacy }) => {
        const tag = document.createElement('script');
        tag.src = location.origin + prefix + 'einblick.js';
        tag.dataset.site = 'preview';
        tag.dataset.privacy = privacy;
        tag.dataset.endpoint = location.origin + prefix.slice(0, -1);
        document.head.appendChild(tag);
      },
      { prefix: PREFIX, privacy: o.privacy },
    );
    await page.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object', null, { timeout: o.timeoutMs });
    await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
    const until = Date.now() + o.timeoutMs;
    let seen = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (bodies.length > seen && (await o.complete(bodies.slice()))) break;
      seen = bodies.length;
      if (Date.now() < until) continue;
      throw new HttpError(504, 'no_snapshot', `The recorder took no snapshot of ${o.url} within ${o.timeoutMs / 1000} s (does the page replace window.einblick or block scripts?).`);
    }
    return { bodies, screenshot, finalUrl: page.url() };
  } finally {
    await guarded.close();
  }
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/^page\.goto: /, '');
