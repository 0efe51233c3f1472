// The page under a heatmap PNG drawn with the assets captured with its recording
// (server/assets/), as the replay is: each stylesheet, font and image the snapshot names
// becomes its captured copy, inlined as a data: URL, and what was not captured is
// dropped. So the PNG looks like the page as visited, and rendering it asks the site,
// its CDN and Einblick itself for nothing.
import { mapAssetUrls, newAssetWalk } from '../../contract/asset-refs.ts';
import { capturedAsDataUrls } from '../assets/offline-assets.ts';
import type { Store } from '../store/index.ts';

/** Rewrites the full snapshot `event` of `sessionId` in place to the captured copies; answers it. */
export async function withCapturedAssets<T>(store: Store, sessionId: string, event: T): Promise<T> {
  mapAssetUrls([event], newAssetWalk(), await capturedAsDataUrls(store, sessionId));
  return event;
}

/**
 * Which of the session's assets are captured so far, for the screenshot's cache key: a
 * PNG asked for while some were still queued is rendered again once they are in.
 */
export async function capturedAssetsKey(store: Store, sessionId: string): Promise<string> {
  const report = await store.assets.sessionAssetReport(sessionId);
  return `${report.filter((a) => a.state === 'captured').length}/${report.filter((a) => a.state === 'queued').length}`;
}
