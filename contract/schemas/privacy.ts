// What the server's second line of masking caught, and where.
import { z } from 'zod';
import { SiteKey } from './primitives.ts';

/** What the server's second line of masking catches (server/pii/). */
export const LeakKind = z.enum(['email', 'card', 'iban', 'phone']);
export type LeakKind = z.infer<typeof LeakKind>;

/** `GET /api/v1/privacy/leaks` */
export const LeaksQuery = z.strictObject({ site: SiteKey });
export type LeaksQuery = z.infer<typeof LeaksQuery>;

/** Where personal data slipped past the browser's masking; never the caught text itself. */
export const LeakRow = z.object({
  page: z.string(),
  kind: LeakKind,
  /** `tag#id` or `tag.class` of the element, '' when the chunk did not say (a later text change). */
  element: z.string(),
  /** 'text', 'input', or the attribute's name. */
  field: z.string(),
  catches: z.number(),
  firstAt: z.number(),
  lastAt: z.number(),
});
export type LeakRow = z.infer<typeof LeakRow>;
export const LeakList = z.object({ site: z.string(), scanning: z.boolean(), leaks: z.array(LeakRow) });
export type LeakList = z.infer<typeof LeakList>;

/** What the audit trail records; the viewer's filters offer these. */
export type AuditAction =
  | 'auth.login' | 'replay.read' | 'session.erase' | 'visitor.erase' | 'visitor.export' | 'visitor.lookup'
  | 'consent.revoke' | 'retention.run' | 'token.create' | 'site.create' | 'site.change' | 'audit.read'
  | 'survey.create' | 'survey.change' | 'survey.answer.correct' | 'page.preview' | 'token.revoke' | 'auth.failure'
  | 'note.create' | 'note.delete';

export interface AuditEntry {
  at: number;
  actorLabel: string;
  actorRole: string;
  action: string;
  objectHash: string | null;
  detail: Record<string, number | string | boolean>;
}

/** `GET /api/v1/audit`: each row holds the hash of the one before it. */
export interface AuditRow extends AuditEntry {
  id: number;
  prevHash: string;
  hash: string;
}

/** `GET /api/v1/privacy/lookup`: a visitor held on a site. */
export interface VisitorRecord {
  siteId: number;
  site: string;
  visitor: string;
  firstSeen: number;
  lastSeen: number;
  identified: boolean;
  sessions: number;
}

/** What an erasure removed: the counts of its receipt. */
export interface ErasureCounts { sessions: number; chunks: number; pageViews: number; clicks: number; surveyAnswers: number; visitors: number; notes: number }
