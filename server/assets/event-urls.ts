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

/**
 * Whether a chunk's JSON may name an asset or change what the walk remembers: an
 * attribute that holds one, CSS that loads one, a masking marker, or an element or a
 * full snapshot (`"type":2`, after which ids start over). Most chunks (pointer moves,
 * scrolls, inputs, text changes) have none of these, and parsing them cost the event
 * loop about 5 ms per 60 KB chunk under load for nothing.
 */
const MAY_REFER = /"(?:href|src|srcset|poster|background|xlink:href)"|url\(|@import|data-einblick-|"type":2[,}]/i;
export const mayReferAssets = (json: string): boolean => MAY_REFER.test(json);

export function assetUrlReader(): (sessionId: string, data: Buffer, maxBytes: number) => Promise<SessionAssetUse[]> {
  const walks = new Map<string, AssetWalkState>();
  return async (sessionId, data, maxBytes) => {
    let events: unknown;
    try {
      // Inflated on the thread pool; only the look, the parse and the walk take the event loop.
      const json = (await gunzipAsync(data, { maxOutputLength: maxBytes })).toString('utf8');
      if (!mayReferAssets(json)) return [];
      events = JSON.parse(json);
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
