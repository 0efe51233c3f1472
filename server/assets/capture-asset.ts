// Captures one queued asset URL. A stylesheet's own references (@import, fonts, url()
// images) are captured first, then the sheet is kept with each of them pointing at its
// captured copy (or at nothing, when it could not be captured): the replay then loads
// every byte from Einblick, and a sheet's look is frozen with the day it was fetched.
import { cssReferences, rewriteCss } from '../../contract/css-urls.ts';
import { vettedGet } from '../egress/vetted-get.ts';
import { CaptureFailed } from './capture-error.ts';
import { safeContentType, type AssetKind } from './content-types.ts';
import type { AssetsConfig } from './assets-config.ts';
import type { Store } from '../store/index.ts';

/** The path the viewer and captured stylesheets load a captured asset from. */
export const assetPath = (hash: string): string => `/api/v1/assets/${hash}`;

const MAX_IMPORT_DEPTH = 3;
/** References of one stylesheet that are followed; more are dropped from the replay. */
const MAX_REFERENCES = 300;

interface Target { id: number; siteId: number; url: string; kind: AssetKind; day: number }

export function assetCapturer(store: Store, config: AssetsConfig) {
  /** Under way: a sheet's reference the worker also took from the queue is fetched once. */
  const inFlight = new Set<number>();
  const insideAllowed = (url: URL) => config.allowPrivate === true || config.privateOrigins.includes(url.origin);

  async function fetchBytes(url: string, kind: AssetKind) {
    return vettedGet({
      url,
      insideAllowed,
      accept: (type) => safeContentType(kind, type),
      maxBytes: config.maxBytes[kind],
      maxRedirects: 5,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  }

  /** The captured hash of `url` as a reference of `parent`, capturing it now if it is new. */
  async function captureReference(parent: Target, raw: string, base: string, kind: AssetKind, depth: number): Promise<string | null> {
    let url: string;
    try {
      url = new URL(raw, base).href.split('#')[0]!;
    } catch {
      return null;
    }
    if (!/^https?:/.test(url)) return null;
    const child = await store.assets.assetDependency(parent.id, parent.siteId, url, parent.day, kind);
    if (child.state === 'queued') await capture({ id: child.id, siteId: parent.siteId, url, kind, day: parent.day }, depth + 1);
    return (await store.assets.assetState(child.id))?.hash ?? null;
  }

  async function captureStylesheet(target: Target, css: string, base: string, depth: number): Promise<Buffer> {
    const refs = cssReferences(css).slice(0, MAX_REFERENCES);
    const hashes = new Map<string, string | null>();
    for (const ref of refs) {
      if (hashes.has(ref.url) || ref.url.startsWith('data:')) continue;
      hashes.set(ref.url, await captureReference(target, ref.url, base, ref.kind, depth));
    }
    const text = rewriteCss(css, (url) => {
      if (url.startsWith('data:')) return url;
      const hash = hashes.get(url);
      return hash ? assetPath(hash) : null;
    });
    return Buffer.from(text, 'utf8');
  }

  async function capture(target: Target, depth = 0): Promise<void> {
    if (inFlight.has(target.id)) return;
    inFlight.add(target.id);
    try {
      if (depth > MAX_IMPORT_DEPTH) throw new CaptureFailed('too_deep', `more than ${MAX_IMPORT_DEPTH} levels`);
      const fetched = await fetchBytes(target.url, target.kind);
      const body = target.kind === 'stylesheet' ? await captureStylesheet(target, fetched.body.toString('utf8'), fetched.finalUrl, depth) : fetched.body;
      await store.assets.assetCaptured(target.id, body, fetched.contentType);
    } catch (err) {
      if (err instanceof CaptureFailed) await store.assets.assetFailed(target.id, err.reason, err.detail);
      else await store.assets.assetFailed(target.id, 'unreachable', err instanceof Error ? err.message : String(err));
    } finally {
      inFlight.delete(target.id);
    }
  }

  return { capture, busy: (id: number) => inFlight.has(id) };
}
