// Tags on sessions (PUT /api/v1/sessions/:id/tags) and a site's tags with counts (GET /api/v1/tags).
import express, { Router } from 'express';
import { z } from 'zod';
import { SiteKey, TagsBody } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import type { AppContext } from '../context.ts';

const SessionId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const TagsQuery = z.strictObject({ site: SiteKey });

export function tagRoutes({ store }: AppContext): Router {
  const router = Router();
  const researcher = requireRole(store, 'researcher');
  const json = express.json({ limit: '4kb' });

  router.put('/api/v1/sessions/:id/tags', researcher, json, async (req, res) => {
    const id = SessionId.safeParse(req.params.id);
    if (!id.success) throw new HttpError(404, 'session_not_found', 'No such session.');
    const body = TagsBody.safeParse(req.body);
    if (!body.success) throw invalid('invalid_tags', body.error);
    const tags = await store.tags.setTags(id.data, [...new Set(body.data.tags)]);
    if (!tags) throw new HttpError(404, 'session_not_found', 'No such session (it may have been erased).');
    res.json({ tags });
  });

  router.get('/api/v1/tags', researcher, async (req, res) => {
    const q = TagsQuery.safeParse(req.query);
    if (!q.success) throw invalid('invalid_query', q.error);
    const site = await store.sites.siteByKey(q.data.site);
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${q.data.site}".`);
    res.json({ tags: await store.tags.tagCounts(site.id) });
  });

  return router;
}
