// How the server captures a recording's assets (configured in server/config.ts).
import type { AssetKind } from './content-types.ts';

export interface AssetsConfig {
  /** "1": any loopback or private address may be fetched (an intranet); never cloud metadata. */
  allowPrivate: boolean;
  /** Origins (scheme://host:port) that may be on a private address, e.g. a test's fixture CDN. */
  privateOrigins: string[];
  /** How often new chunks and queued assets are looked for. */
  pollMs: number;
  /** One asset, connection to last byte. */
  timeoutMs: number;
  /** Assets fetched at once. */
  parallel: number;
  maxBytes: Record<AssetKind, number>;
}

export const DEFAULT_ASSETS: AssetsConfig = {
  allowPrivate: false,
  privateOrigins: [],
  pollMs: 500,
  timeoutMs: 10_000,
  parallel: 4,
  maxBytes: { stylesheet: 2 * 1024 * 1024, font: 2 * 1024 * 1024, image: 5 * 1024 * 1024 },
};
