// POST /api/v1/ingest: one chunk of a session. Acknowledged (202) only after its
// transaction has committed; a repeated (session, seq) with the same content is a 202 too.
import { Router } from 'express';
import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Chunk } from '../schemas.ts';
import { HttpError, invalid } from '../http-error.ts';
import { readJson } from '../ingest/body.ts';
import { requireSite } from './public-site.ts';
import { publicLimits } from './public-limits.ts';
import { keyedHash } from '../secret.ts';
import type { AppContext } from '../context.ts';

const gzipAsync = promisify(gzip);

const RRWEB_FULL_SNAPSHOT = 2;

/** JSON.parse accepts nesting that JSON.stringify cannot walk back: refuse it, don't crash on it. */
function serializeEvents(events: Chunk['events']): string {
  try {
    return JSON.stringify(events);
  } catch {
    throw new HttpError(400, 'too_deep', 'The events nest deeper than any recorded page does; nothing was stored.');
  }
}

export function ingestRoutes({ store, config, secret }: AppContext): Router {
  const router = Router();
  const limits = publicLimits(config.limits);

  router.post('/api/v1/ingest', async (req, res) => {
    limits.checkClient(req);
    const { raw, json } = await readJson(req, config.limits);
    const parsed = Chunk.safeParse(json);
    if (!parsed.success) throw invalid('invalid_chunk', parsed.error);
    const chunk = parsed.data;
    const site = requireSite(req, store, chunk.site);
    limits.checkSite(site.key);

    if (chunk.part && chunk.events.length) throw new HttpError(400, 'invalid_chunk', 'A chunk carries either events or a part of one event, not both.');
    const times = [...chunk.events.map((e) => e.timestamp), ...chunk.pages.map((p) => p.ts), ...chunk.clicks.map((c) => c.ts), ...(chunk.part ? [chunk.part.ts] : [])];
    const firstTs = times.length ? Math.min(...times) : Date.now();
    const lastTs = times.length ? Math.max(...times) : firstTs;

    // Only the events (or the event part) are kept as the replay blob: the envelope
    // may carry the raw identify() id, which must never be stored.
    const data = await gzipAsync(chunk.part ? chunk.part.text : serializeEvents(chunk.events));
    const outcome = store.writeChunk({
      siteId: site.id,
      chunk,
      data,
      hash: createHash('sha256').update(raw).digest(),
      firstTs,
      lastTs,
      fullSnapshot: chunk.events.some((e) => e.type === RRWEB_FULL_SNAPSHOT) || (chunk.part?.index === 0 && chunk.part.text.startsWith(`{"type":${RRWEB_FULL_SNAPSHOT},`)),
      externalHash: chunk.identify ? keyedHash(secret, chunk.identify) : null,
      receivedAt: Date.now(),
    });

    switch (outcome) {
      case 'stored':
      case 'duplicate':
        res.status(202).json({ stored: true, seq: chunk.seq, duplicate: outcome === 'duplicate' });
        return;
      case 'conflict':
        throw new HttpError(409, 'seq_conflict', `Chunk ${chunk.seq} of this session was already stored with different content; the first one is kept.`);
      case 'foreign':
        throw new HttpError(409, 'session_mismatch', 'This session id belongs to another visitor or site.');
      case 'erased':
        throw new HttpError(410, 'session_erased', 'This session was erased or its consent revoked; nothing more is stored for it.');
    }
  });

  return router;
}
