// GET /api/v1/privacy/leaks: where the server's second line of masking caught
// personal data that the browser let through, so a site owner can mark the element
// (data-einblick-mask). Roles privacy and admin: it is the privacy desk's report on
// the recording itself. The rows hold kinds and places only, never the caught text.
import { Router } from 'express';
import { LeaksQuery, type LeakList } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import type { AppContext } from '../context.ts';

export function leakRoutes({ store, config }: AppContext): Router {
  const router = Router();

  router.get('/api/v1/privacy/leaks', requireRole(store, 'privacy'), async (req, res) => {
    const parsed = LeaksQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const site = await store.sites.siteByKey(parsed.data.site);
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${parsed.data.site}".`);
    const body: LeakList = { site: site.key, scanning: config.piiScan.enabled, leaks: await store.leaks.listLeaks(site.id) };
    res.json(body);
  });

  return router;
}
