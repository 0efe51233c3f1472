// Points a replay's assets at the copies Einblick captured (server/assets/), before
// rrweb sees the events: stylesheet links, image sources and URLs in CSS text load from
// /api/v1/assets/<hash>, and whatever was not captured is dropped, so the replay makes
// no request to the recorded site or its CDN and looks as the page did on its day.
import type { eventWithTime } from '@rrweb/types';
import { mapAssetUrls, newAssetWalk } from '../../contract/asset-refs.ts';
import type { SessionAsset } from '../../contract/schemas/index.ts';

/** Rewrites `events` in place to the captured copies in `assets`; answers `events`. */
export function useCapturedAssets<T extends eventWithTime>(events: T[], assets: readonly SessionAsset[]): T[] {
  const captured = new Map(assets.filter((a) => a.via === null && a.path).map((a) => [a.url, a.path!]));
  mapAssetUrls(events, newAssetWalk(), (slot) => {
    const [url = '', fragment] = slot.url.split('#', 2);
    const path = captured.get(url);
    return path ? path + (fragment === undefined ? '' : `#${fragment}`) : null;
  });
  return events;
}
