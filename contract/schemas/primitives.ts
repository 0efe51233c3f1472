// The bounded building blocks the other schemas are made of: ids, keys, times, sizes,
// device classes, survey kinds and query dates.
import { z } from 'zod';

export const Id = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const SiteKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
export const Timestamp = z.number().finite().min(0).max(1e14);
/**
 * Text stored as text: at most `max` characters, and no NUL, which PostgreSQL cannot store in
 * a text column (SQLite can): refused at the door, so both backends hold the same.
 */
export const withoutNul = <T extends z.ZodType<string>>(text: T) => text.refine((s) => !s.includes('\u0000'), 'must not contain the NUL character');
export const Text = (max: number) => withoutNul(z.string().max(max));
export const Url = Text(2048);
/**
 * Text a recorded page put in a chunk (titles, selectors, track names): a NUL in it, which
 * only a hostile page makes, becomes U+FFFD rather than costing the chunk its events.
 */
export const PageText = (max: number) => z.string().max(max).transform((s) => s.replaceAll('\u0000', '\uFFFD'));
export const Pixels = z.number().finite().min(0).max(1e6);
export const Percent = z.number().finite().min(0).max(100);

/** strict: all text masked but what a site unmasks; balanced: text kept, personal data masked. */
export type PrivacyMode = 'strict' | 'balanced';

export const Device = z.enum(['mobile', 'tablet', 'desktop']);
export type Device = z.infer<typeof Device>;

export const SurveyKind = z.enum(['nps', 'csat', 'ces']);
export type SurveyKind = z.infer<typeof SurveyKind>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A query time as epoch ms: epoch ms, or an ISO date, which as an end means the whole of that day. */
export const epochOrDay = (endOfDay: boolean) =>
  z.union([z.iso.date().transform((d) => Date.parse(d) + (endOfDay ? DAY_MS - 1 : 0)), z.coerce.number().finite().min(0).max(1e15).transform(Math.floor)]);

/** Like epochOrDay, and also an ISO date-time. */
export const IsoOrEpoch = (endOfDay: boolean) => z.union([z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)), epochOrDay(endOfDay)]);
