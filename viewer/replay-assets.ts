// Points a replay's assets at the copies Einblick captured (server/assets/), before
// rrweb sees the events: stylesheet links, image sources and URLs in CSS text load from
// /api/v1/assets/<hash>, and whatever was not captured is dropped, so the replay makes
// no request to the recorded site or its CDN and looks as the page did on its day.
import type { eventWithTime } from '@rrweb/types';
import { mapAssetUrls, newAssetWalk } from '../contract/asset-refs.ts';
import type { SessionAsset } from '../server/schemas.ts';
import { h } from './dom.ts';
import { warningNotice } from './notice.ts';

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

/** The fidelity report: which assets the replay lacks and why; null when nothing is missing. */
export function assetNotice(assets: readonly SessionAsset[]): HTMLElement | null {
  const failed = assets.filter((a) => a.state === 'failed');
  const pending = assets.filter((a) => a.state === 'queued').length;
  if (!failed.length && !pending) return null;
  const summary = [failed.length ? `${failed.length} asset${failed.length === 1 ? '' : 's'} could not be captured` : '', pending ? `${pending} still being captured` : ''].filter(Boolean).join(', ');
  return warningNotice(
    h('details', { class: 'asset-report' },
      h('summary', null, `${summary}: the replay may look different from the page.`),
      h('ul', null, ...failed.map((a) => h('li', { 'data-reason': a.reason ?? '' }, h('code', null, a.url), ` (${a.kind}${a.via ? `, in ${a.via}` : ''}): ${a.explanation ?? a.reason ?? 'unknown'}`))),
    ),
  );
}
