// POST /api/v1/ingest: one chunk of a session, in the contract's JSON / gzip(JSON)
// format or the recorder's compact format. Acknowledged (202) only after the
// transaction holding it has committed; a repeated (session, seq) with the same
// content is a 202 too. Every chunk's recorded text is scanned for personal data the
// browser's masking let through (server/pii/) before it is committed.
import { Router } from 'express';
import { HttpError } from '../http/http-error.ts';
import { checkContentEncoding, readBody } from '../ingest/body.ts';
import { decodeJsonChunk } from '../ingest/decode-json.ts';
import { decodeCompactChunk, isCompactChunk } from '../ingest/decode-compact.ts';
import { groupCommitter } from '../ingest/group-commit.ts';
import { maskPageUrls } from '../ingest/page-urls.ts';
import { requireSite } from './public-site.ts';
import { publicLimits } from './public-limits.ts';
import { keyedHash } from '../privacy/secret.ts';
import { receiptToKeep } from '../ingest/consent-receipt.ts';
import { platformOf } from '../ingest/user-agent.ts';
import type { ServerContext } from '../context.ts';
import type { LiveHub } from '../ingest/live.ts';

export function ingestRoutes({ store, config, secret, scanner }: ServerContext, live: LiveHub): Router {
  const router = Router();
  const limits = publicLimits(config.limits);
  const commit = groupCommitter(store.chunks.writeChunks);

  router.post('/api/v1/ingest', async (req, res) => {
    limits.checkClient(req);
    checkContentEncoding(req);
    const body = await readBody(req, config.limits.bodyBytes);
    const chunk = isCompactChunk(body) ? await decodeCompactChunk(body, scanner.parseHeader) : await decodeJsonChunk(body, config.limits, scanner.decodeJson);
    const site = await requireSite(req, store, chunk.facts.site);
    const facts = maskPageUrls(chunk.facts, site);
    limits.checkSite(site.key);
    // The second line of masking (in a worker thread, or inline for small chunks): what is committed is already masked.
    const scanStarted = process.hrtime.bigint();
    const scanned = await scanner.scan(chunk.data, config.limits.inflatedBytes, chunk.encoding);
    // For /metrics (server/routes/metrics.ts), which counts on the response's finish.
    res.locals.scanSeconds = Number(process.hrtime.bigint() - scanStarted) / 1e9;

    const outcome = await commit({
      siteId: site.id,
      chunk: facts,
      eventCount: chunk.eventCount,
      data: scanned.data,
      // Of the body as sent, so a retry of the same body is still known as a duplicate.
      hash: chunk.hash,
      firstTs: chunk.firstTs,
      lastTs: chunk.lastTs,
      fullSnapshot: chunk.fullSnapshot,
      externalHash: facts.identify ? keyedHash(secret, facts.identify) : null,
      consent: facts.consent ? receiptToKeep(facts.consent) : null,
      receivedAt: Date.now(),
      leaks: scanned.catches,
      platform: platformOf(req.get('user-agent')),
    });

    // Viewers watching live learn of a session once, with its first stored chunk.
    if (outcome === 'started' && live.wanted) {
      const summary = await store.sessions.sessionSummary(facts.session);
      if (summary) live.publish('session', site.key, summary);
    }

    switch (outcome) {
      case 'stored':
      case 'started':
      case 'duplicate':
        res.locals.chunkOutcome = outcome === 'duplicate' ? 'duplicate' : 'stored';
        res.status(202).json({ stored: true, seq: facts.seq, duplicate: outcome === 'duplicate' });
        return;
      case 'conflict':
        throw new HttpError(409, 'seq_conflict', `Chunk ${facts.seq} of this session was already stored with different content; the first one is kept.`);
      case 'foreign':
        throw new HttpError(409, 'session_mismatch', 'This session id belongs to another visitor or site.');
      case 'erased':
        throw new HttpError(410, 'session_erased', 'This session was erased or its consent revoked; nothing more is stored for it.');
      case 'visitor_erased':
        throw new HttpError(410, 'visitor_erased', 'This visitor was erased or revoked consent on this site; nothing more is stored under this visitor id. Forget it; a new consent starts with a new id.');
    }
  });

  return router;
}
