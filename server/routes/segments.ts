// Saved segments: named sets of sessions-list filters, checked with the list's own schema.
import express, { Router } from 'express';
import { z } from 'zod';
import { SegmentBody, SiteKey } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import type { AppContext } from '../context.ts';

const SegmentsQuery = z.strictObject({ site: SiteKey });

export function segmentRoutes({ store }: AppContext): Router {
  const router = Router();
  const researcher = requireRole(store, 'researcher');
  const json = express.json({ limit: '16kb' });
  const siteOf = async (key: string) => {
    const site = await store.sites.siteByKey(key);
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${key}".`);
    return site;
  };

  router.post('/api/v1/segments', researcher, json, async (req, res) => {
    const body = SegmentBody.safeParse(req.body);
    if (!body.success) throw invalid('invalid_segment', body.error);
    const site = await siteOf(body.data.site);
    const id = await store.segments.addSegment({ siteId: site.id, name: body.data.name, filters: body.data.filters, createdBy: req.identity?.label ?? '' });
    res.status(201).json({ id });
  });

  router.get('/api/v1/segments', researcher, async (req, res) => {
    const q = SegmentsQuery.safeParse(req.query);
    if (!q.success) throw invalid('invalid_query', q.error);
    res.json({ segments: await store.segments.segmentsOf((await siteOf(q.data.site)).id) });
  });

  return router;
}
