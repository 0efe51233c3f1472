// POST /api/v1/privacy/preview: a privacy officer checks what a recording of a page
// would hold before recording is switched on for it. The officer's browser never
// loads the page: the server's Chromium does, as an anonymous visitor with no
// Einblick cookie, and only pages on this server or a registered site's origins
// (so the endpoint cannot be used to make the server fetch arbitrary, e.g. internal,
// addresses); the same list holds for everything the page loads (server/egress). One preview runs at a time: Chromium is heavy on a small server.
import { Router } from 'express';
import express from 'express';
import { PreviewRequest } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import { audit } from '../privacy/audit.ts';
import { runPreview, type PreviewResult } from '../preview/run-preview.ts';
import type { AppContext } from '../context.ts';
import { ownOrigins } from '../http/origin.ts';
import { allowList } from '../egress/allow-list.ts';

const asDataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

export function previewRoutes(ctx: AppContext): Router {
  const router = Router();
  const json = express.json({ limit: '8kb' });
  let queue: Promise<unknown> = Promise.resolve();

  router.post('/api/v1/privacy/preview', requireRole(ctx.store, 'privacy'), json, async (req, res) => {
    const parsed = PreviewRequest.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_preview', parsed.error);
    const { url, privacy } = parsed.data;
    const allow = allowList({ own: ownOrigins(ctx.config, req), sites: (await ctx.store.sites.listSites()).flatMap((s) => s.origins), privateSites: ctx.config.browserPrivateSites });
    if (!allow.forUrl(new URL(url))) {
      throw new HttpError(400, 'origin_not_registered', `${new URL(url).origin} is neither this server nor a registered site's origin; add it to a site's origins first.`);
    }
    const run = queue.then(() =>
      runPreview({ url, privacy, chromiumPath: ctx.config.chromiumPath, limits: ctx.config.limits, allow }),
    );
    queue = run.catch(() => undefined);
    const result: PreviewResult = await run;
    // The URL may hold personal data in its query: the trail keeps only its keyed hash.
    await audit(ctx, req, 'page.preview', url, { privacy, texts: result.counts.texts, unmasked: result.counts.unmasked });
    res.json({
      ...result,
      pageScreenshot: asDataUrl(result.pageScreenshot),
      replayScreenshot: asDataUrl(result.replayScreenshot),
    });
  });

  return router;
}
