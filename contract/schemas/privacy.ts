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
