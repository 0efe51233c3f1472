// What a heatmap PNG is drawn on: a screenshot of the page as it was recorded (the
// newest stored full snapshot of this page and device class, written out as static
// HTML and rendered by page-screenshots.ts), or null for the neutral page outline.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { AppContext } from '../context.ts';
import type { HeatmapFilter } from '../store/heatmaps.ts';
import type { PageScreenshot } from './page-screenshots.ts';
import { allowList } from '../egress/allow-list.ts';
import { snapshotHtml, type SerializedNode } from './snapshot-html.ts';
import { capturedAssetsKey, withCapturedAssets } from './snapshot-assets.ts';

const FULL_SNAPSHOT = 2;
const gunzipAsync = promisify(gunzip);
/** The snapshot carries its captured assets inside (snapshot-assets.ts): the page may reach no host. */
const NO_HOST = allowList({ own: [], sites: [] });

export interface FullSnapshotEvent { type: number; timestamp: number; data?: { node?: SerializedNode } }

/** The chunk's full snapshot taken at or just after `ts` (else its last one); null if unreadable. */
export async function fullSnapshotNear(data: Buffer, ts: number, inflateLimit: number): Promise<FullSnapshotEvent | null> {
  try {
    const events = JSON.parse((await gunzipAsync(data, { maxOutputLength: inflateLimit })).toString('utf8')) as FullSnapshotEvent[];
    const snapshots = events.filter((e) => e?.type === FULL_SNAPSHOT && typeof e.timestamp === 'number');
    return snapshots.find((e) => e.timestamp >= ts - 2000) ?? snapshots[snapshots.length - 1] ?? null;
  } catch {
    return null;
  }
}

/**
 * The recorded page to draw under a heatmap of `f`, at its recorded viewport width;
 * null when there is no snapshot or no screenshot could be made. Its images, styles and
 * fonts are the copies captured with the recording: nothing is loaded from anywhere.
 */
export async function heatmapBackground({ store, config, screenshots }: AppContext, f: HeatmapFilter): Promise<{ shot: PageScreenshot; session: string } | null> {
  const found = screenshots && await store.heatmaps.snapshotFor(f);
  if (!screenshots || !found) return null;
  const shot = await screenshots.take({
    key: `${f.siteId}\u0000${f.page}\u0000${f.device}\u0000${found.session}\u0000${found.seq}\u0000${found.ts}\u0000${await capturedAssetsKey(store, found.session)}`,
    viewportWidth: Math.max(200, Math.min(4096, Math.round(found.viewportWidth))),
    viewportHeight: Math.max(200, Math.min(4096, Math.round(found.viewportHeight))),
    documentHeight: Math.max(0, Math.min(30_000, Math.round(found.docHeight))),
    allow: NO_HOST,
    html: async () => {
      const data = await store.sessions.chunkData(found.session, found.seq);
      const snapshot = data && (await fullSnapshotNear(data, found.ts, config.limits.inflatedBytes));
      const node = snapshot && (await withCapturedAssets(store, found.session, snapshot)).data?.node;
      return node ? snapshotHtml(node, found.url) : null;
    },
  });
  return shot && { shot, session: found.session };
}
