// GET /api/v1/live: a Server-Sent Events stream of new sessions and survey answers,
// so the sessions list and the survey page update without reloading.
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../http/auth.ts';
import { invalid } from '../http/http-error.ts';
import type { AppContext } from '../context.ts';
import type { LiveHub } from '../ingest/live.ts';

const LiveQuery = z.strictObject({ site: z.string().min(1).max(64).optional() });

export function liveRoutes({ store }: AppContext, live: LiveHub): Router {
  const router = Router();
  router.get('/api/v1/live', requireRole(store, 'researcher'), (req, res) => {
    const parsed = LiveQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // Tells nginx-like proxies not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    // A reconnecting EventSource waits this long; the stream itself says it is open.
    res.write('retry: 3000\n: connected\n\n');
    const unsubscribe = live.subscribe(res, parsed.data.site);
    req.on('close', unsubscribe);
  });
  return router;
}
