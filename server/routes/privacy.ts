// The privacy desk (GDPR Art. 15 and 17): find a visitor, export everything held on
// them, erase it. Every action lands in the audit trail.
import { Router } from 'express';
import { z } from 'zod';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import { keyedHash } from '../privacy/secret.ts';
import { audit, objectHash } from '../privacy/audit.ts';
import { auditCsv } from '../privacy/audit-csv.ts';
import { writeVisitorExport } from '../privacy/export.ts';
import { writeVisitorZip } from '../privacy/export-zip.ts';
import type { AppContext } from '../context.ts';
import type { VisitorRecord } from '../store/visitors.ts';

const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const ExportQuery = z.strictObject({ format: z.enum(['json', 'zip']).default('json') });
const LookupQuery = z.strictObject({
  externalId: z.string().min(1).max(256).optional(),
  visitorId: Id.optional(),
  sessionId: Id.optional(),
});

function visitorParam(raw: unknown): string {
  const parsed = Id.safeParse(raw);
  if (!parsed.success) throw new HttpError(404, 'visitor_not_found', 'No such visitor.');
  return parsed.data;
}

export function privacyRoutes(ctx: AppContext): Router {
  const { store, secret } = ctx;
  const router = Router();
  const privacy = requireRole(store, 'privacy');

  router.get('/api/v1/privacy/lookup', privacy, async (req, res) => {
    const parsed = LookupQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const q = parsed.data;
    let visitors: VisitorRecord[];
    if (q.externalId) visitors = await store.visitors.visitorsByExternalHash(keyedHash(secret, q.externalId));
    else if (q.visitorId) visitors = await store.visitors.visitorsById(q.visitorId);
    else if (q.sessionId) {
      const visitor = await store.visitors.visitorOfSession(q.sessionId);
      visitors = visitor ? await store.visitors.visitorsById(visitor) : [];
    } else throw new HttpError(400, 'invalid_query', 'Give one of externalId, visitorId or sessionId.');
    // The query itself may be personal data (an email): only its kind goes into the trail.
    await audit(ctx, req, 'visitor.lookup', undefined, { by: q.externalId ? 'externalId' : q.visitorId ? 'visitorId' : 'sessionId', found: visitors.length });
    res.json({ visitors: visitors.map(({ siteId: _siteId, ...v }) => v) });
  });

  // Streamed: a visitor with hundreds of sessions never sits in memory whole.
  router.get('/api/v1/privacy/visitors/:visitorId/export', privacy, async (req, res) => {
    const visitor = visitorParam(req.params.visitorId);
    const parsed = ExportQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const { format } = parsed.data;
    const records = await store.visitors.visitorsById(visitor);
    if (!records.length) throw new HttpError(404, 'visitor_not_found', 'Nothing is held on this visitor.');
    await audit(ctx, req, 'visitor.export', visitor, { sessions: records.reduce((n, r) => n + r.sessions, 0), format });
    if (format === 'zip') {
      res.status(200).type('application/zip').attachment(`einblick-export-${visitor}.zip`);
      await writeVisitorZip(res, ctx, visitor);
    } else {
      res.status(200).type('application/json').attachment(`einblick-export-${visitor}.json`);
      await writeVisitorExport(res, ctx, visitor);
    }
    res.end();
  });

  router.delete('/api/v1/privacy/visitors/:visitorId', privacy, async (req, res) => {
    const visitor = visitorParam(req.params.visitorId);
    if (!(await store.visitors.visitorsById(visitor)).length) throw new HttpError(404, 'visitor_not_found', 'Nothing is held on this visitor (erased already?).');
    const removed = await store.erasure.eraseVisitorEverywhere(visitor);
    await audit(ctx, req, 'visitor.erase', visitor, { ...removed });
    res.json({ erased: { at: new Date().toISOString(), by: { label: req.identity!.label, role: req.identity!.role }, removed } });
  });

  const AuditQuery = z.strictObject({
    from: z.coerce.number().min(0).optional(),
    to: z.coerce.number().min(0).optional(),
    action: z.string().max(40).optional(),
    objectId: z.string().max(256).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(500),
    format: z.enum(['json', 'csv']).default('json'),
  });

  router.get('/api/v1/audit', privacy, async (req, res) => {
    const parsed = AuditQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const { objectId, format, ...q } = parsed.data;
    const rows = await store.audit.listAudit({ ...q, ...(objectId ? { objectHash: objectHash(ctx, objectId) } : {}) });
    const { brokenAt } = await store.audit.verifyAudit();
    // Reading the trail is an access too; written after the read, so it never shows itself.
    await audit(ctx, req, 'audit.read', undefined, { format, rows: rows.length });
    if (format === 'csv') {
      res.type('text/csv').attachment('einblick-audit.csv').send(auditCsv(rows));
      return;
    }
    res.json({ entries: rows, chain: brokenAt === null ? 'intact' : `broken at row ${brokenAt}` });
  });

  return router;
}
