// The privacy preview (README, "Privacy preview"): what would a recording of this page
// hold? The page is opened in the server's headless Chromium with the recorder and
// consent; what the recorder would upload is caught in the browser, decoded like
// ingest does, replayed masked in a second, offline page, and read for unmasked text.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Limits } from '../config.ts';
import type { PrivacyMode } from '../../contract/schemas/index.ts';
import { HttpError } from '../http/http-error.ts';
import { capturePage } from './capture-page.ts';
import { firstFrame, recordedEvents, type RecordedEvent } from './recorded-events.ts';
import { unmaskedTexts, type SerializedNode, type StoredText } from './stored-texts.ts';
import { jsonInScript, replayPageParts } from '../replay/file.ts';
import { launchGuardedBrowser, type GuardedBrowser } from '../egress/guarded-browser.ts';
import { narrowTo, type AllowList } from '../egress/allow-list.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const VIEWPORT = { width: 1280, height: 800 };

export interface PreviewOptions {
  url: string;
  privacy: PrivacyMode;
  chromiumPath: string | undefined;
  limits: Limits;
  /** Everything the server's Chromium may reach: this server and the registered origins. */
  allow: AllowList;
  timeoutMs?: number;
}

export interface PreviewResult {
  url: string;
  finalUrl: string;
  privacy: PrivacyMode;
  /** The page address as a recording keeps it (sensitive query values removed). */
  storedUrl: string | null;
  pageScreenshot: Buffer;
  replayScreenshot: Buffer;
  /** Every text and text attribute the recording would store unmasked, in document order. */
  unmasked: StoredText[];
  counts: { texts: number; masked: number; unmasked: number };
}

function bundles(): { stub: Buffer; recorder: Buffer } {
  try {
    return { stub: readFileSync(DIST + 'einblick.js'), recorder: readFileSync(DIST + 'einblick-recorder.js') };
  } catch {
    throw new HttpError(503, 'bundles_missing', 'The recorder bundles are not built: run `npm run build` (or `npm start`) first.');
  }
}

async function launch(chromiumPath: string | undefined): Promise<GuardedBrowser> {
  const where = chromiumPath ?? "Playwright's own Chromium";
  try {
    return await launchGuardedBrowser(chromiumPath);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new HttpError(503, 'chromium_missing', `The privacy preview needs Chromium, which could not be started (${where}: ${reason}). Install it (e.g. \`apt-get install chromium\`) or set CHROMIUM_PATH.`);
  }
}

/** The masked replay of the page's first frame, drawn 1:1 by rrweb-player in an offline page. */
async function screenshotReplay(browser: GuardedBrowser, frame: RecordedEvent[], pageOrigin: string, allow: AllowList): Promise<Buffer> {
  const guarded = await browser.newContext(narrowTo(allow, pageOrigin), { viewport: { width: VIEWPORT.width + 40, height: VIEWPORT.height + 200 } });
  const { context } = guarded;
  try {
    // The replay may fetch the page's own images and styles (as the viewer would), nothing else.
    await context.route('**/*', (route) => {
      const r = route.request();
      return r.method() === 'GET' && new URL(r.url()).origin === pageOrigin && !r.isNavigationRequest() ? route.continue() : route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    const { head, tail } = replayPageParts({ title: 'Masked replay', introHtml: '', viewport: VIEWPORT, fixedSize: true, assetOrigins: [pageOrigin] });
    await page.setContent(head + jsonInScript(JSON.stringify(frame)) + tail, { waitUntil: 'load' });
    const iframe = page.locator('.rr-player iframe');
    await iframe.waitFor({ state: 'attached' });
    await page.frameLocator('.rr-player iframe').locator('body').waitFor({ state: 'attached' });
    // Let the rebuilt document load its images and lay out.
    await page.waitForLoadState('networkidle').catch(() => undefined);
    return await iframe.screenshot({ type: 'png' });
  } finally {
    await guarded.close();
  }
}

export async function runPreview(o: PreviewOptions): Promise<PreviewResult> {
  const code = bundles();
  const browser = await launch(o.chromiumPath);
  try {
    const timeoutMs = o.timeoutMs ?? 20_000;
    const framed = async (bodies: Buffer[]) => firstFrame(await recordedEvents(bodies, o.limits));
    const capture = await capturePage(browser, {
      url: o.url, privacy: o.privacy, bundles: code, allow: o.allow, viewport: VIEWPORT, timeoutMs,
      complete: async (bodies) => (await framed(bodies)) !== null,
    });
    const frame = (await framed(capture.bodies))!;
    const snapshot = frame.find((e) => e.type === 2)!;
    const meta = frame.find((e) => e.type === 4);
    const { texts, total, masked } = unmaskedTexts(snapshot.data.node as SerializedNode);
    const replayScreenshot = await screenshotReplay(browser, frame, new URL(capture.finalUrl).origin, o.allow);
    return {
      url: o.url,
      finalUrl: capture.finalUrl,
      privacy: o.privacy,
      storedUrl: typeof meta?.data.href === 'string' ? meta.data.href : null,
      pageScreenshot: capture.screenshot,
      replayScreenshot,
      unmasked: texts,
      counts: { texts: total, masked, unmasked: total - masked },
    };
  } finally {
    await browser.close();
  }
}
