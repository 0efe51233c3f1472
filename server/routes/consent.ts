// POST /api/v1/consent/revoke: the visitor withdrew consent in their own browser, which
// proves it by the visitor key the id is derived from (server/ingest/visitor-proof.ts): a
// visitor id alone, which researchers see, is not enough. Everything held on that
// visitor for this site is erased and the visitor tombstoned in the same transaction,
// so chunks still on their way, and any later ones, get 410.
import { Router } from 'express';
import { Revoke } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { readJson } from '../ingest/body.ts';
import { requireSite } from './public-site.ts';
import { publicLimits } from './public-limits.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../privacy/audit.ts';
import { provesVisitor, visitorIdOfKey } from '../ingest/visitor-proof.ts';
import { heldAnything } from '../store/erase.ts';

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
    const { site: key, proof } = parsed.data;
    const site = await requireSite(req, store, key);
    if (proof === undefined) {
      throw new HttpError(403, 'visitor_proof_required', 'A revoke must carry the visitor key the recorder holds (proof); the visitor id alone does not prove it is that visitor. The privacy desk erases on request.');
    }
    const visitor = parsed.data.visitor ?? visitorIdOfKey(proof);
    if (!provesVisitor(proof, visitor)) throw new HttpError(403, 'visitor_proof_invalid', 'This proof is not the key of this visitor id; nothing was erased.');
    limits.checkSite(site.key);
    const erased = await store.erasure.eraseVisitor(site.id, visitor);
    // The audit row is the revocation's receipt; a revoke of an id nothing was held on
    // has nothing to receipt, and would let anyone grow the trail with made-up ids.
    if (heldAnything(erased)) await audit(ctx, { label: 'visitor', role: 'public' }, 'consent.revoke', visitor, { site: site.key, ...erased });
    res.status(202).json({ erased });
  });
  return router;
}
