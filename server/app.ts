// Builds the Express app from its routes. No business logic here.
import express from 'express';
import { HttpError, errorHandler } from './http/http-error.ts';
import { staticRoutes } from './routes/static.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { consentRoutes } from './routes/consent.ts';
import { authRoutes } from './routes/auth.ts';
import { adminRoutes } from './routes/admin.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { noteRoutes } from './routes/notes.ts';
import { replayReadLog } from './replay/reads.ts';
import { tagRoutes } from './routes/tags.ts';
import { segmentRoutes } from './routes/segments.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { heatmapRoutes } from './routes/heatmaps.ts';
import { surveyRoutes } from './routes/surveys.ts';
import { liveRoutes } from './routes/live.ts';
import { createLiveHub } from './ingest/live.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { previewRoutes } from './routes/preview.ts';
import { leakRoutes } from './routes/leaks.ts';
import { assetRoutes } from './routes/assets.ts';
import { requestLog } from './http/request-log.ts';
import { readBody } from './ingest/body.ts';
import type { ServerContext } from './context.ts';

const PUBLIC_API = new Set(['/api/v1/ingest', '/api/v1/consent/revoke', '/api/v1/surveys/active', '/api/v1/surveys/shown', '/api/v1/surveys/answer']);

export function createApp(ctx: ServerContext): express.Express {
  const app = express();
  // New sessions and survey answers are pushed to connected viewers from here.
  const live = createLiveHub(ctx.store.live);
  app.disable('x-powered-by');
  // Only the proxies the operator names may say who the client is (X-Forwarded-For).
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('query parser', 'simple');
  if (ctx.config.logRequests) app.use(requestLog());
  const metrics = metricsRoutes(ctx, live);
  app.use(metrics.count);

  // Pages on any allowed origin call the public API without credentials; which origins
  // may send data for a site is checked per request against the site itself.
  app.use((req, res, next) => {
    if (!PUBLIC_API.has(req.path)) return next();
    res.set('Access-Control-Allow-Origin', '*');
    // The recorder reads Retry-After to back off as told.
    res.set('Access-Control-Expose-Headers', 'Retry-After');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, POST');
      res.set('Access-Control-Allow-Headers', 'Content-Type, Content-Encoding');
      res.set('Access-Control-Max-Age', '86400');
      res.status(204).end();
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    const notReady = await ctx.readiness.check();
    res.set('Cache-Control', 'no-store').status(notReady ? 503 : 200).json({ ready: !notReady });
  });
  if (ctx.config.benchNoop) {
    // The load test's baseline: the same Express app reading the same body, storing nothing.
    app.post('/bench/noop', async (req, res) => {
      await readBody(req, ctx.config.limits.bodyBytes);
      res.status(202).json({ stored: false });
    });
  }
  app.use(metrics.router);
  app.use(staticRoutes());
  app.use(ingestRoutes(ctx, live));
  app.use(consentRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(tokenRoutes(ctx));
  const replayReads = replayReadLog();
  app.use(sessionRoutes(ctx, replayReads));
  app.use(noteRoutes(ctx, replayReads));
  app.use(tagRoutes(ctx));
  app.use(segmentRoutes(ctx));
  app.use(privacyRoutes(ctx));
  app.use(heatmapRoutes(ctx));
  app.use(surveyRoutes(ctx, live));
  app.use(liveRoutes(ctx, live));
  app.use(previewRoutes(ctx));
  app.use(leakRoutes(ctx));
  app.use(assetRoutes(ctx));

  app.use((req, _res, next) => {
    next(new HttpError(404, 'not_found', `Nothing at ${req.method} ${req.path}.`));
  });
  app.use(errorHandler);
  return app;
}
