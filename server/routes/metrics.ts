// GET /metrics: the Prometheus text format, for an admin token (a scraper's
// `authorization: {credentials: TOKEN}`). What is counted: public requests and their
// refusals by code, chunks and their bytes taken, time in the personal-data scan, the
// event loop's delay (a public request that blocks the loop shows here first), and queue
// depths read at scrape time (webhook calls, asset capture).
import { Router, type Request, type Response, type NextFunction } from 'express';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { requireRole } from '../http/auth.ts';
import { createMetrics } from '../http/metrics.ts';
import type { AppContext } from '../context.ts';
import type { LiveHub } from '../ingest/live.ts';

/** The public routes counted by path; anything else is one series ("other"), so no visitor can add series. */
const PUBLIC_ROUTES = new Set(['/api/v1/ingest', '/api/v1/consent/revoke', '/api/v1/surveys/active', '/api/v1/surveys/shown', '/api/v1/surveys/answer', '/einblick.js', '/einblick-recorder.js']);

export function metricsRoutes(ctx: AppContext, live: LiveHub): { count: (req: Request, res: Response, next: NextFunction) => void; router: Router } {
  const metrics = createMetrics();
  const requests = metrics.counter('einblick_public_requests_total', 'Requests to the public endpoints, by route and status.');
  const refusals = metrics.counter('einblick_refusals_total', 'Public requests refused, by route and error code (rate_limited, body_too_large, visitor_erased, ...).');
  const chunkBytes = metrics.counter('einblick_ingest_bytes_total', 'Bytes on the wire of chunks acknowledged (202).');
  const chunks = metrics.counter('einblick_chunks_ingested_total', 'Chunks acknowledged (202), by outcome: stored, or duplicate (a retry of one already stored).');
  const scanSeconds = metrics.counter('einblick_pii_scan_seconds_total', 'Time chunks spent in the personal-data scan before their commit (with einblick_pii_scans_total: the mean).');
  const scans = metrics.counter('einblick_pii_scans_total', 'Chunks that went through the personal-data scan.');
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  metrics.gauge('einblick_event_loop_delay_p99_seconds', 'The 99th percentile of the event loop delay since the last scrape.', () => {
    const p99 = loop.percentile(99) / 1e9;
    loop.reset();
    return p99;
  });
  metrics.gauge('einblick_webhook_deliveries_pending', 'Survey webhook calls waiting to be made (due now or retrying later).', () => ctx.store.surveys.pendingWebhookDeliveries());
  metrics.gauge('einblick_webhook_deliveries_retrying', 'Of the pending webhook calls, those that failed at least once and wait to be retried.', () => ctx.store.surveys.retryingWebhookDeliveries());
  metrics.gauge('einblick_asset_queue_depth', 'Asset capture work waiting: chunks still to be read for asset URLs (scan), and asset URLs still to be fetched (fetch).', async () => {
    const depth = await ctx.store.assets.queueDepths();
    return [{ labels: { queue: 'scan' }, value: depth.scans }, { labels: { queue: 'fetch' }, value: depth.fetches }];
  });
  metrics.gauge('einblick_live_viewers', 'Viewers connected to the live stream.', () => live.listeners);

  const count = (req: Request, res: Response, next: NextFunction) => {
    if (!PUBLIC_ROUTES.has(req.path)) return next();
    res.on('finish', () => {
      const route = req.path;
      requests({ route, status: String(res.statusCode) });
      const code = res.locals.errorCode;
      if (typeof code === 'string') refusals({ route, code });
      if (route !== '/api/v1/ingest') return;
      if (typeof res.locals.scanSeconds === 'number') {
        scans();
        scanSeconds({}, res.locals.scanSeconds);
      }
      if (res.statusCode !== 202) return;
      chunkBytes({}, Number(req.headers['content-length']) || 0);
      chunks({ outcome: res.locals.chunkOutcome === 'duplicate' ? 'duplicate' : 'stored' });
    });
    next();
  };

  const router = Router();
  router.get('/metrics', requireRole(ctx.store, 'admin'), async (_req, res) => {
    res.type('text/plain; version=0.0.4; charset=utf-8').send(await metrics.render());
  });
  return { count, router };
}
