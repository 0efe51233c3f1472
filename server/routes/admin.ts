// Sites: creating and changing them is admin-only; any signed-in role may list them.
import { Router } from 'express';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { NewSite, SiteChange } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../privacy/audit.ts';
import { checkWebhookTarget } from '../surveys/webhook.ts';
import { rekeyPagesInBackground } from '../heatmaps/rekey-pages.ts';

export function adminRoutes(ctx: AppContext): Router {
  const { store } = ctx;
  const router = Router();
  const json = express.json({ limit: '16kb' });

  router.get('/api/v1/sites', requireRole(store, 'any'), (req, res) => {
    const sites = store.sites.listSites();
    if (req.identity?.role !== 'admin') return void res.json({ sites });
    res.json({ sites: sites.map((s) => ({ ...s, webhookUrl: store.surveys.webhookOf(store.sites.siteByKey(s.key)!.id) })) });
  });

  router.post('/api/v1/sites', requireRole(store, 'admin'), json, (req, res) => {
    const parsed = NewSite.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error.issues.some((i) => i.path[0] === 'origins') ? 'invalid_origin' : 'invalid_site', parsed.error);
    const key = randomBytes(12).toString('base64url');
    const site = store.sites.createSite(key, parsed.data);
    audit(ctx, req, 'site.create', site.key);
    res.status(201).json({ key: site.key, name: site.name, origins: site.origins, privacy: site.privacy, retentionDays: site.retentionDays });
  });

  // A site's settings that may change after creation: the survey webhook and the query keys safe to keep.
  router.patch('/api/v1/sites/:key', requireRole(store, 'admin'), json, async (req, res) => {
    const site = store.sites.siteByKey(String(req.params.key).slice(0, 64));
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${String(req.params.key).slice(0, 64)}".`);
    const parsed = SiteChange.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_site_change', parsed.error);
    const { webhookUrl, pageQueryKeys } = parsed.data;
    if (webhookUrl !== undefined && webhookUrl !== null) await checkWebhookTarget(webhookUrl, ctx.config.webhook);
    if (webhookUrl !== undefined) store.surveys.setWebhook(site.id, webhookUrl);
    if (pageQueryKeys !== undefined && store.sites.setPageQueryKeys(site, [...new Set(pageQueryKeys)])) rekeyPagesInBackground(store, site.id);
    audit(ctx, req, 'site.change', site.key, {
      ...(webhookUrl !== undefined ? { webhook: webhookUrl !== null } : {}),
      ...(pageQueryKeys !== undefined ? { pageQueryKeys: pageQueryKeys.length } : {}),
    });
    res.json({ key: site.key, webhookUrl: store.surveys.webhookOf(site.id), pageQueryKeys: store.sites.siteByKey(site.key)!.pageQueryKeys });
  });

  return router;
}
