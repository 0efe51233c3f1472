// Captured assets (stylesheets, fonts, images a replay needs) and the fidelity report.
import { z } from 'zod';

/** `GET /api/v1/assets/:hash`: a captured asset, by the sha256 of its bytes. */
export const AssetHash = z.string().regex(/^[0-9a-f]{64}$/);

/** One asset a replay uses, and whether it was captured: the fidelity report. */
export const SessionAsset = z.object({
  url: z.string(),
  kind: z.enum(['stylesheet', 'font', 'image']),
  state: z.enum(['queued', 'captured', 'failed']),
  /** Where the replay loads the captured copy from; null unless captured. */
  path: z.string().nullable(),
  /** Why not captured (server/assets/capture-error.ts), and in words. */
  reason: z.string().nullable(),
  explanation: z.string().nullable(),
  /** The captured stylesheet that pulls it in; null when the recording names it. */
  via: z.string().nullable(),
});
export type SessionAsset = z.infer<typeof SessionAsset>;

/** `GET /api/v1/sessions/:id/assets` */
export const SessionAssets = z.object({ session: z.string(), assets: z.array(SessionAsset) });
export type SessionAssets = z.infer<typeof SessionAssets>;
