// Sites and tokens. Creating them is admin-only; any signed-in role may list sites.
import { Router } from 'express';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { NewSite, NewToken, SiteChange } from '../schemas.ts';
import { HttpError, invalid } from '../http-error.ts';
import { createToken, requireRole } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../audit.ts';

export function adminRoutes(ctx: AppContext): Router {
  const { store } = ctx;
  const router = Router();
  const json = express.json({ limit: '16kb' });

  router.get('/api/v1/sites', requireRole(store, 'any'), (req, res) => {
    const sites = store.listSites();
    if (req.identity?.role !== 'admin') return void res.json({ sites });
    res.json({ sites: sites.map((s) => ({ ...s, webhookUrl: store.webhookOf(store.siteByKey(s.key)!.id) })) });
  });

  router.post('/api/v1/sites', requireRole(store, 'admin'), json, (req, res) => {
    const parsed = NewSite.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_site', parsed.error);
    const key = randomBytes(12).toString('base64url');
    const site = store.createSite(key, parsed.data);
    audit(ctx, req, 'site.create', site.key);
    res.status(201).json({ key: site.key, name: site.name, origins: site.origins, privacy: site.privacy, retentionDays: site.retentionDays });
  });

  // A site's settings that may change after creation: the survey webhook and the query keys safe to keep.
  router.patch('/api/v1/sites/:key', requireRole(store, 'admin'), json, (req, res) => {
    const site = store.siteByKey(String(req.params.key).slice(0, 64));
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${String(req.params.key).slice(0, 64)}".`);
    const parsed = SiteChange.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_site_change', parsed.error);
    const { webhookUrl, pageQueryKeys } = parsed.data;
    if (webhookUrl !== undefined) store.setWebhook(site.id, webhookUrl);
    if (pageQueryKeys !== undefined) store.setPageQueryKeys(site, [...new Set(pageQueryKeys)]);
    audit(ctx, req, 'site.change', site.key, {
      ...(webhookUrl !== undefined ? { webhook: webhookUrl !== null } : {}),
      ...(pageQueryKeys !== undefined ? { pageQueryKeys: pageQueryKeys.length } : {}),
    });
    res.json({ key: site.key, webhookUrl: store.webhookOf(site.id), pageQueryKeys: store.siteByKey(site.key)!.pageQueryKeys });
  });

  router.post('/api/v1/tokens', requireRole(store, 'admin'), json, (req, res) => {
    const parsed = NewToken.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_token_request', parsed.error);
    const token = createToken(store, parsed.data.role, parsed.data.label);
    audit(ctx, req, 'token.create', undefined, { role: parsed.data.role });
    res.status(201).json({ token, role: parsed.data.role, label: parsed.data.label });
  });

  return router;
}
