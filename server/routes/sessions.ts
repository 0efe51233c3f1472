// Sessions for researchers: the filtered list, one session, its events streamed in seq order.
import { Router } from 'express';
import { z } from 'zod';
import { EventsQuery, SessionQuery, SessionSort } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import type { AppContext } from '../context.ts';
import type { ListCursor, SessionFilter } from '../store/sessions.ts';
import { toSessionFilter } from './session-filter.ts';
import { writeSessionEvents } from '../replay/stream.ts';
import { compressedBody } from '../http/compressed-body.ts';
import { segmentAt } from '../replay/segments.ts';
import { audit } from '../privacy/audit.ts';
import { replayReadLog, type ReplayReadLog } from '../replay/reads.ts';
import { SessionId, sessionIdParam } from '../http/session-id.ts';

// Every sort's key is a whole number (times, durations, counts), as both backends store them.
const Cursor = z.tuple([SessionSort, z.number().int().min(-1e15).max(1e15), SessionId]);

/** A cursor names the sort it was made under: it pages on only under that sort. */
function decodeCursor(cursor: string, sort: SessionSort): ListCursor {
  let parsed: [SessionSort, number, string];
  try {
    parsed = Cursor.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'invalid_cursor', 'The cursor is not one this server gave out; start again without it.');
  }
  if (parsed[0] !== sort) throw new HttpError(400, 'invalid_cursor', `The cursor was made for sort=${parsed[0]}, not ${sort}; start again without it.`);
  return { sort: parsed[0], key: parsed[1], id: parsed[2] };
}

const encodeCursor = (c: ListCursor) => Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');

/** `reads` is shared with the other reads of a replay (its notes), so one viewing is one audit row. */
export function sessionRoutes(ctx: AppContext, reads: ReplayReadLog = replayReadLog()): Router {
  const { store, config } = ctx;
  const router = Router();
  const researcher = requireRole(store, 'researcher');

  router.get('/api/v1/sessions', researcher, async (req, res) => {
    const parsed = SessionQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const q = parsed.data;
    const { site, limit, cursor, ...filters } = q;
    const filter: SessionFilter = { ...toSessionFilter(filters), limit };
    if (site !== undefined) {
      const found = await store.sites.siteByKey(site);
      if (!found) throw new HttpError(404, 'site_not_found', `No site has the key "${site}".`);
      filter.siteId = found.id;
    }
    if (cursor !== undefined) filter.after = decodeCursor(cursor, q.sort ?? '-startedAt');
    const { sessions, next } = await store.sessions.listSessions(filter);
    res.json({ sessions, nextCursor: next ? encodeCursor(next) : null });
  });

  router.get('/api/v1/sessions/:id', researcher, async (req, res) => {
    const detail = await store.sessions.sessionDetail(sessionIdParam(req.params.id));
    if (!detail) throw new HttpError(404, 'session_not_found', 'No such session (it may have been erased).');
    res.json(detail);
  });

  // One chunk at a time: a long session is never held in memory as one string.
  // With ?from= only the segment from the nearest full snapshot before that moment to
  // the next one; its bounds go in headers, so the viewer can start there and load on.
  router.get('/api/v1/sessions/:id/events', researcher, async (req, res) => {
    const id = sessionIdParam(req.params.id);
    const parsed = EventsQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    if (!(await store.sessions.chunkList(id)).length && !await store.sessions.sessionSummary(id)) throw new HttpError(404, 'session_not_found', 'No such session (it may have been erased).');
    const limit = config.limits.inflatedBytes;
    const { from, until } = parsed.data;
    if (until !== undefined && from === undefined) throw new HttpError(400, 'invalid_query', 'until needs from: it cuts the segment that from names.');
    const segment = from === undefined ? null : await segmentAt(store, id, from, limit, until);
    if (reads.isNewViewing(req.identity?.id ?? 0, id)) await audit(ctx, req, 'replay.read', id);
    res.status(200).type('application/json');
    if (segment) {
      res.setHeader('Einblick-Segment-Start', String(segment.startTs));
      if (segment.endTs !== null) res.setHeader('Einblick-Segment-End', String(segment.endTs));
      if (segment.untilTs !== undefined) res.setHeader('Einblick-Segment-Until', String(segment.untilTs));
    }
    const body = compressedBody(req, res);
    await writeSessionEvents(body, store, id, limit, segment ?? undefined);
    body.end();
  });

  router.delete('/api/v1/sessions/:id', requireRole(store, 'privacy'), async (req, res) => {
    const id = sessionIdParam(req.params.id);
    if (!await store.sessions.sessionSummary(id)) throw new HttpError(404, 'session_not_found', 'No such session (it may have been erased already).');
    const removed = await store.erasure.eraseSession(id);
    await audit(ctx, req, 'session.erase', id, { ...removed });
    res.json({ erased: { session: id, at: new Date().toISOString(), by: req.identity?.label, removed } });
  });

  return router;
}
