// POST /api/v1/consent/revoke: the visitor withdrew consent. Everything held on that
// visitor for this site is erased and the session tombstoned, so late chunks get 410.
import { Router } from 'express';
import { Revoke } from '../schemas.ts';
import { invalid } from '../http-error.ts';
import { readJson } from '../ingest/body.ts';
import { requireSite } from './public-site.ts';
import { publicLimits } from './public-limits.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../audit.ts';

const REVOKE_LIMITS = { bodyBytes: 4096, inflatedBytes: 4096 };

export function consentRoutes(ctx: AppContext): Router {
  const { store, config } = ctx;
  const router = Router();
  const limits = publicLimits(config.limits);
  router.post('/api/v1/consent/revoke', async (req, res) => {
    limits.checkClient(req);
    const { json } = await readJson(req, REVOKE_LIMITS);
    const parsed = Revoke.safeParse(json);
    if (!parsed.success) throw invalid('invalid_revoke', parsed.error);
    const { site: key, visitor, session } = parsed.data;
    const site = requireSite(req, store, key);
    const erased = store.eraseVisitor(site.id, visitor, session);
    audit(ctx, { label: 'visitor', role: 'public' }, 'consent.revoke', visitor, { site: site.key, ...erased });
    res.status(202).json({ erased });
  });
  return router;
}
