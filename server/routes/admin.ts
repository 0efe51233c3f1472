// Sites: creating and changing them is admin-only; any signed-in role may list them.
import { Router } from 'express';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { NewSite, SiteChange, type SiteSummary } from '../../contract/schemas/index.ts';
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

  /** A site as admins see it: with its webhook URL, which may carry the receiver's secret. */
  const adminSummary = async (key: string): Promise<SiteSummary> => {
    const site = await store.sites.siteByKey(key);
    if (!site) throw new Error(`site ${key} vanished`);
    const { name, origins, privacy, retentionDays, pageQueryKeys, safeImages } = site;
    return { key, name, origins, privacy, retentionDays, pageQueryKeys, safeImages, webhookUrl: await store.surveys.webhookOf(site.id) };
  };

  router.get('/api/v1/sites', requireRole(store, 'any'), async (req, res) => {
    const sites = await store.sites.listSites();
    if (req.identity?.role !== 'admin') return void res.json({ sites });
    res.json({ sites: await Promise.all(sites.map((s) => adminSummary(s.key))) });
  });

  router.post('/api/v1/sites', requireRole(store, 'admin'), json, async (req, res) => {
    const parsed = NewSite.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error.issues.some((i) => i.path[0] === 'origins') ? 'invalid_origin' : 'invalid_site', parsed.error);
    const key = randomBytes(12).toString('base64url');
    const site = await store.sites.createSite(key, parsed.data);
    await audit(ctx, req, 'site.create', site.key);
    res.status(201).json(await adminSummary(site.key));
  });

  // Every setting of a site but its key may change after creation.
  router.patch('/api/v1/sites/:key', requireRole(store, 'admin'), json, async (req, res) => {
    const site = await store.sites.siteByKey(String(req.params.key).slice(0, 64));
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${String(req.params.key).slice(0, 64)}".`);
    const parsed = SiteChange.safeParse(req.body);
    if (!parsed.success) throw invalid(parsed.error.issues.some((i) => i.path[0] === 'origins') ? 'invalid_origin' : 'invalid_site_change', parsed.error);
    const { webhookUrl, pageQueryKeys, safeImages, name, retentionDays, privacy } = parsed.data;
    const origins = parsed.data.origins && [...new Set(parsed.data.origins)];
    // Checked before anything changes, so a refused webhook leaves the whole site as it was.
    if (webhookUrl !== undefined && webhookUrl !== null) await checkWebhookTarget(webhookUrl, ctx.config.webhook);
    await store.sites.changeSite(site, { name, origins, retentionDays, privacy });
    if (webhookUrl !== undefined) await store.surveys.setWebhook(site.id, webhookUrl);
    if (pageQueryKeys !== undefined && await store.sites.setPageQueryKeys(site, [...new Set(pageQueryKeys)])) rekeyPagesInBackground(store, site.id);
    if (safeImages !== undefined) await store.sites.setSafeImages(site, [...new Set(safeImages)]);
    await audit(ctx, req, 'site.change', site.key, {
      ...(name !== undefined ? { name: true } : {}),
      ...(origins !== undefined ? { origins: origins.length } : {}),
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      ...(privacy !== undefined ? { privacy } : {}),
      ...(webhookUrl !== undefined ? { webhook: webhookUrl !== null } : {}),
      ...(pageQueryKeys !== undefined ? { pageQueryKeys: pageQueryKeys.length } : {}),
      ...(safeImages !== undefined ? { safeImages: safeImages.length } : {}),
    });
    res.json(await adminSummary(site.key));
  });

  return router;
}
