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

/** The data: URL of a captured asset (cached per file); null when it is gone. */
function dataUrls(store: Store): (hash: string) => string | null {
  const cache = new Map<string, string | null>();
  const of = (hash: string, depth: number): string | null => {
    if (cache.has(hash)) return cache.get(hash)!;
    const asset = store.assets.assetBody(hash);
    let url: string | null = null;
    if (asset) {
      const type = asset.contentType.split(';')[0]!;
      const body = type === 'text/css'
        ? Buffer.from(rewriteCss(asset.body.toString('utf8'), (u) => {
            const inner = ASSET_PATH.exec(u);
            return inner && depth < MAX_DEPTH ? of(inner[1]!, depth + 1) : null;
          }))
        : asset.body;
      url = `data:${type};base64,${body.toString('base64')}`;
    }
    cache.set(hash, url);
    return url;
  };
  return (hash) => of(hash, 0);
}

/**
 * Maps each asset a session's recording names to its captured copy as a data: URL, and
 * what was not captured to null (dropped). Also what the heatmap screenshots draw with.
 */
export function capturedAsDataUrls(store: Store, sessionId: string): SlotMapper {
  const captured = new Map(store.assets.sessionAssetReport(sessionId).filter((a) => a.parentUrl === null && a.state === 'captured' && a.hash).map((a) => [a.url, a.hash!]));
  const dataUrl = dataUrls(store);
  return (slot) => {
    const hash = captured.get(slot.url.split('#')[0]!);
    return hash ? dataUrl(hash) : null;
  };
}

/**
 * A sink for writeSessionEvents (replay/stream.ts) that rewrites the events on their way:
 * that writer's every write is '[', ']', or whole events as JSON items (a leading comma
 * after the first), which are parsed, rewritten and written again.
 */
export function offlineAssetSink(sink: Sink, store: Store, sessionId: string): Sink {
  const toDataUrl = capturedAsDataUrls(store, sessionId);
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
