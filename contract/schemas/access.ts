// Sites, tokens, roles and sign-in: who may do what, and the sites they do it on.
import { z } from 'zod';
import { Text } from './primitives.ts';
import { MAX_QUERY_KEYS, QUERY_KEY } from '../url-masking.ts';
import { MAX_SAFE_IMAGES, MAX_SAFE_IMAGE_LENGTH, normalSafeImagePrefix } from '../safe-images.ts';

export const Role = z.enum(['researcher', 'privacy', 'admin']);
export type Role = z.infer<typeof Role>;

export const Login = z.strictObject({ token: z.string().min(1).max(200) });
export type Login = z.infer<typeof Login>;

/**
 * A page origin a site's data may come from: http or https only (a `javascript:` or
 * `file:` "origin" would end up in the viewer's Content-Security-Policy), kept as the
 * browser sends it in the Origin header: no path, no trailing slash.
 */
export const SiteOrigin = z
  .string()
  .max(200)
  .refine((v) => /^https?:\/\/[^/?#]+\/?$/i.test(v) && URL.canParse(v), { error: 'an origin is http:// or https:// and a host, with no path (https://shop.example)' })
  .transform((v) => new URL(v).origin);

/**
 * An image address prefix a site declares safe for strict mode (contract/safe-images.ts):
 * `https://cdn.example.com/products/` or `/static/icons/` on the site's own origins.
 */
export const SafeImagePrefix = z
  .string()
  .max(MAX_SAFE_IMAGE_LENGTH)
  .refine((v) => normalSafeImagePrefix(v) !== null, { error: 'an http(s) origin with a path prefix, or a path starting with "/"; no query, fragment, credentials or dot segments' })
  .transform((v) => normalSafeImagePrefix(v)!);
export const SafeImages = z.array(SafeImagePrefix).max(MAX_SAFE_IMAGES);

const SiteName = Text(100).pipe(z.string().trim().min(1));
const SiteOrigins = z.array(SiteOrigin).max(50);
const RetentionDays = z.number().int().min(1).max(3650);
const SitePrivacy = z.enum(['strict', 'balanced']);

export const NewSite = z.strictObject({
  name: SiteName,
  origins: SiteOrigins,
  retentionDays: RetentionDays.default(90),
  privacy: SitePrivacy.default('strict'),
  /** Image addresses strict mode records and captures without data-einblick-unmask. */
  safeImages: SafeImages.default([]),
});
export type NewSite = z.infer<typeof NewSite>;

export const NewToken = z.strictObject({ role: Role, label: Text(100).pipe(z.string().min(1)) });
export type NewToken = z.infer<typeof NewToken>;

/** `DELETE /api/v1/tokens/:id` */
export const TokenId = z.coerce.number().int().min(1).max(2 ** 31);

/** `GET /api/v1/tokens`: never the secret. Times are epoch ms. */
export const TokenInfo = z.object({
  id: z.number(), label: z.string(), role: Role, createdAt: z.number(), lastUsedAt: z.number().nullable(), revokedAt: z.number().nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfo>;

/** `POST /api/v1/privacy/preview`: what would a recording of this page hold? */
export const PreviewRequest = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }).max(2048),
  privacy: z.enum(['strict', 'balanced']).default('strict'),
});
export type PreviewRequest = z.infer<typeof PreviewRequest>;


export const SiteSummary = z.object({
  key: z.string(), name: z.string(), origins: z.array(z.string()), privacy: z.string(), retentionDays: z.number(), pageQueryKeys: z.array(z.string()), safeImages: z.array(z.string()),
  /** Only for admins: a webhook URL may carry the receiver's secret. */
  webhookUrl: z.string().nullable().optional(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

export const Me = z.object({ role: Role, label: z.string() });
export type Me = z.infer<typeof Me>;

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** `PATCH /api/v1/sites/:key`: each field given is changed, the others stay. */
export const SiteChange = z.strictObject({
  name: SiteName.optional(),
  /** The whole new list: origins left out stop being allowed at once. */
  origins: SiteOrigins.optional(),
  retentionDays: RetentionDays.optional(),
  privacy: SitePrivacy.optional(),
  webhookUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
  /** Query keys whose values are safe to keep (page grouping keys); `utm_*` always are. */
  pageQueryKeys: z.array(z.string().regex(QUERY_KEY, 'a query key of 1 to 64 characters A-Z a-z 0-9 _ . -')).max(MAX_QUERY_KEYS).optional(),
  safeImages: SafeImages.optional(),
});
export type SiteChange = z.infer<typeof SiteChange>;
