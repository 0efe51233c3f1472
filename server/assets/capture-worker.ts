// Captures assets off the ingest path: reads newly stored chunks for asset URLs (a
// trigger queued them in ingest's transaction), then fetches the queued URLs a few at a
// time. Returns its stop.
import { assetUrlReader } from './event-urls.ts';
import { assetCapturer } from './capture-asset.ts';
import { dayOf, type AssetScan } from '../store/assets.ts';
import { safeImageMatcher } from '../../contract/safe-images.ts';
import type { AssetsConfig } from './assets-config.ts';
import type { Store } from '../store/index.ts';

const SCANS_PER_TURN = 20;

/**
 * Whether an image no data-einblick-unmask marks may be captured: always in balanced
 * mode, in strict mode when its address is under one the site declares safe (`safeImages`).
 */
function unmarkedImageRule(scan: AssetScan): (url: string) => boolean {
  return scan.privacy === 'strict' ? safeImageMatcher(scan.safeImages, scan.origins) : () => true;
}

export function startAssetCapture(store: Store, config: AssetsConfig, maxChunkBytes: number): () => void {
  const readUrls = assetUrlReader();
  const { capture, busy } = assetCapturer(store, config);
  let running = 0;
  let stopped = false;
  let scanning = false;

  async function scanNewChunks(): Promise<void> {
    for (const scan of await store.assets.nextAssetScans(SCANS_PER_TURN)) {
      if (stopped) return;
      if (!scan.data || scan.siteId === null || scan.partCount !== null) {
        await store.assets.dropAssetScan(scan.id);
        continue;
      }
      const capturable = unmarkedImageRule(scan);
      const uses = (await readUrls(scan.sessionId, scan.data, maxChunkBytes)).map((u) => ({ ...u, personal: u.personal && !capturable(u.url) }));
      if (stopped) return;
      await store.assets.recordSessionAssets(scan.id, scan.sessionId, scan.siteId, dayOf(scan.receivedAt), uses);
    }
  }

  async function fetchQueued(): Promise<void> {
    const free = config.parallel - running;
    if (free <= 0) return;
    for (const asset of (await store.assets.queuedAssets(free + config.parallel)).filter((a) => !busy(a.id)).slice(0, free)) {
      running++;
      void capture(asset).catch(() => undefined).finally(() => {
        running--;
      });
    }
  }

  // A closed database at shutdown, or a bug: logged, and the next turn tries again.
  const report = (err: unknown) => !stopped && console.error('asset capture:', err instanceof Error ? err.message : err);
  const timer = setInterval(() => {
    if (stopped || scanning) return;
    scanning = true;
    // With several nodes one captures, so an asset is fetched once.
    store.leadership
      .leads('assets')
      .then(async (leads) => {
        if (!leads) return;
        await scanNewChunks();
        if (!stopped) await fetchQueued();
      })
      .catch(report)
      .finally(() => (scanning = false));
  }, config.pollMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
