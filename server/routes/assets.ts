// Captured assets for replays: the bytes (loaded by the replay's <img> and
// <link rel=stylesheet>, so with the login cookie and no Fetch Metadata of our own code:
// `embeddable`), and each session's fidelity report.
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth.ts';
import { HttpError } from '../http/http-error.ts';
import { AssetHash, type SessionAssets } from '../../contract/schemas/index.ts';
import { assetPath } from '../assets/capture-asset.ts';
import { CAPTURE_REASONS, type CaptureReason } from '../assets/capture-error.ts';
import { isSvg } from '../assets/content-types.ts';
import type { AppContext } from '../context.ts';

const SessionId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
/** Ways of opening a response as a document: SVG is served as an image only. */
const DOCUMENT_DESTINATIONS = new Set(['document', 'iframe', 'frame', 'embed', 'object']);

export function assetRoutes({ store }: AppContext): Router {
  const router = Router();

  router.get('/api/v1/assets/:hash', requireRole(store, 'researcher', { embeddable: true }), async (req, res) => {
    const hash = AssetHash.safeParse(req.params.hash);
    const asset = hash.success ? await store.assets.assetBody(hash.data) : undefined;
    if (!asset) throw new HttpError(404, 'asset_not_found', 'No captured asset has this hash (it may have been erased with the last session that used it).');
    const destination = req.headers['sec-fetch-dest'];
    if (isSvg(asset.contentType) && typeof destination === 'string' && DOCUMENT_DESTINATIONS.has(destination)) {
      throw new HttpError(403, 'svg_not_a_document', 'A captured SVG is served only as an image, never opened as a document.');
    }
    res.set('Content-Type', asset.contentType);
    res.set('X-Content-Type-Options', 'nosniff');
    // Opened directly anyway, it runs nothing and reaches nothing.
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.set('Cross-Origin-Resource-Policy', 'same-origin');
    // The hash names the bytes: they never change, but they are a recording's, so only this browser keeps them.
    res.set('Cache-Control', 'private, max-age=31536000, immutable');
    res.send(asset.body);
  });

  router.get('/api/v1/sessions/:id/assets', requireRole(store, 'researcher'), async (req, res) => {
    const id = SessionId.safeParse(req.params.id);
    if (!id.success || !await store.sessions.sessionSummary(id.data)) throw new HttpError(404, 'session_not_found', 'No such session (it may have been erased).');
    const answer: SessionAssets = {
      session: id.data,
      assets: (await store.assets.sessionAssetReport(id.data)).map((a) => ({
        url: a.url,
        kind: a.kind,
        state: a.state,
        path: a.hash && a.state === 'captured' ? assetPath(a.hash) : null,
        reason: a.reason,
        explanation: a.reason ? ((CAPTURE_REASONS as Record<string, string>)[a.reason as CaptureReason] ?? null) : null,
        via: a.parentUrl,
      })),
    };
    res.json(answer);
  });

  return router;
}
