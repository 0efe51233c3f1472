// The asset URLs one stored chunk's replay needs, read off the ingest path. A session's
// walk state (which elements are marked safe) carries from chunk to chunk, so an image a
// later mutation adds inside a data-einblick-unmask region counts as marked; a session
// forgotten from this bounded memory (a restart, thousands at once) counts its later
// images as unmarked: the private side.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { mapAssetUrls, newAssetWalk, type AssetWalkState } from '../../contract/asset-refs.ts';
import type { SessionAssetUse } from '../store/assets.ts';

const gunzipAsync = promisify(gunzip);
const KEPT_WALKS = 500;
/** More in one chunk is a forged or broken one; the rest are not captured. */
const MAX_URLS_PER_CHUNK = 500;
const MAX_URL_LENGTH = 2048;

export function assetUrlReader(): (sessionId: string, data: Buffer, maxBytes: number) => Promise<SessionAssetUse[]> {
  const walks = new Map<string, AssetWalkState>();
  return async (sessionId, data, maxBytes) => {
    let events: unknown;
    try {
      // Inflated on the thread pool; only the parse and the walk take the event loop.
      events = JSON.parse((await gunzipAsync(data, { maxOutputLength: maxBytes })).toString('utf8'));
    } catch {
      return [];
    }
    if (!Array.isArray(events)) return [];
    let walk = walks.get(sessionId);
    if (!walk) {
      if (walks.size >= KEPT_WALKS) walks.delete(walks.keys().next().value!);
      walk = newAssetWalk();
    } else walks.delete(sessionId);
    walks.set(sessionId, walk); // most recent last
    const uses = new Map<string, SessionAssetUse>();
    mapAssetUrls(events, walk, (slot) => {
      if (uses.size >= MAX_URLS_PER_CHUNK || slot.url.length > MAX_URL_LENGTH) return undefined;
      const url = slot.url.split('#')[0]!;
      const prior = uses.get(url);
      // Marked safe anywhere in the chunk wins over unmarked elsewhere.
      if (!prior || (prior.personal && !slot.personal)) uses.set(url, { url, kind: slot.kind, personal: slot.personal });
      return undefined;
    });
    return [...uses.values()];
  };
}
