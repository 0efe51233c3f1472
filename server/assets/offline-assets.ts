// Captured assets inside an offline replay (the zip export's HTML files): such a file
// loads nothing from the network, Einblick included, so each captured asset goes in as
// a data: URL (a stylesheet with its own references inlined the same way) and what was
// not captured is dropped, exactly as in the viewer.
import { mapAssetUrls, newAssetWalk, type SlotMapper } from '../../contract/asset-refs.ts';
import { rewriteCss } from '../../contract/css-urls.ts';
import type { Sink } from '../replay/stream.ts';
import type { Store } from '../store/index.ts';

const ASSET_PATH = /^\/api\/v1\/assets\/([0-9a-f]{64})$/;
/** Nested @imports inlined at most this deep; deeper ones are dropped. */
const MAX_DEPTH = 4;

/**
 * The data: URL of a captured asset (cached per file); null when it is gone. A stylesheet's
 * own references are read first and then written in, since the CSS rewrite is synchronous.
 */
function dataUrls(store: Store): (hash: string) => Promise<string | null> {
  const cache = new Map<string, Promise<string | null>>();
  const load = async (hash: string, depth: number): Promise<string | null> => {
    const asset = await store.assets.assetBody(hash);
    if (!asset) return null;
    const type = asset.contentType.split(';')[0]!;
    if (type !== 'text/css') return `data:${type};base64,${asset.body.toString('base64')}`;
    const css = asset.body.toString('utf8');
    const inner = new Map<string, string | null>();
    if (depth < MAX_DEPTH) {
      const hashes = new Set<string>();
      rewriteCss(css, (u) => {
        const m = ASSET_PATH.exec(u);
        if (m) hashes.add(m[1]!);
        return null;
      });
      for (const h of hashes) inner.set(h, await of(h, depth + 1));
    }
    const body = rewriteCss(css, (u) => inner.get(ASSET_PATH.exec(u)?.[1] ?? '') ?? null);
    return `data:${type};base64,${Buffer.from(body).toString('base64')}`;
  };
  const of = (hash: string, depth: number): Promise<string | null> => {
    let url = cache.get(hash);
    if (!url) cache.set(hash, (url = load(hash, depth)));
    return url;
  };
  return (hash) => of(hash, 0);
}

/**
 * Maps each asset a session's recording names to its captured copy as a data: URL, and
 * what was not captured to null (dropped). Also what the heatmap screenshots draw with.
 */
export async function capturedAsDataUrls(store: Store, sessionId: string): Promise<SlotMapper> {
  const captured = (await store.assets.sessionAssetReport(sessionId)).filter((a) => a.parentUrl === null && a.state === 'captured' && a.hash);
  const dataUrl = dataUrls(store);
  const urls = new Map<string, string | null>();
  for (const a of captured) urls.set(a.url, await dataUrl(a.hash!));
  return (slot) => urls.get(slot.url.split('#')[0]!) ?? null;
}

/**
 * A sink for writeSessionEvents (replay/stream.ts) that rewrites the events on their way:
 * that writer's every write is '[', ']', or whole events as JSON items (a leading comma
 * after the first), which are parsed, rewritten and written again.
 */
export async function offlineAssetSink(sink: Sink, store: Store, sessionId: string): Promise<Sink> {
  const toDataUrl = await capturedAsDataUrls(store, sessionId);
  const walk = newAssetWalk();
  return {
    write(text) {
      if (text === '[' || text === ']') return sink.write(text);
      const comma = text.startsWith(',');
      let events: unknown[];
      try {
        events = JSON.parse(`[${comma ? text.slice(1) : text}]`) as unknown[];
      } catch {
        return sink.write(text);
      }
      mapAssetUrls(events, walk, toDataUrl);
      const items = JSON.stringify(events).slice(1, -1);
      return sink.write(comma ? ',' + items : items);
    },
    once: (event, listener) => sink.once(event, listener),
    ...(sink.gone ? { gone: () => sink.gone!() } : {}),
  };
}
