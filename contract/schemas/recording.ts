// What a recorder sends: chunks of rrweb events with the facts derived in the browser
// (page views, clicks, scroll depth), the consent receipt, and a revoke.
import { z } from 'zod';
import { Id, PageText, Percent, Pixels, SiteKey, Timestamp, Url } from './primitives.ts';

/** One rrweb event; its `data` is opaque here and replayed as recorded. */
export const RrwebEvent = z.looseObject({
  type: z.number().int().min(0).max(10),
  timestamp: Timestamp,
  data: z.unknown(),
});
export type RrwebEvent = z.infer<typeof RrwebEvent>;

/** A page view within a session, numbered from 0 per session by the recorder. */
export const PageView = z.strictObject({
  pv: z.number().int().min(0).max(100_000),
  url: Url,
  title: PageText(512).optional(),
  ts: Timestamp,
  viewportWidth: Pixels,
  viewportHeight: Pixels,
  docWidth: Pixels,
  docHeight: Pixels,
});
export type PageView = z.infer<typeof PageView>;

/** A click, derived in the browser where the DOM is at hand. */
export const Click = z.strictObject({
  pv: z.number().int().min(0).max(100_000),
  ts: Timestamp,
  x: Pixels,
  y: Pixels,
  selector: PageText(512),
  offsetX: Percent,
  offsetY: Percent,
  rage: z.boolean().optional(),
  dead: z.boolean().optional(),
});
export type Click = z.infer<typeof Click>;

/** The deepest point a page view has reached so far, as a share of the document height. */
export const ScrollDepth = z.strictObject({
  pv: z.number().int().min(0).max(100_000),
  ts: Timestamp,
  depth: z.number().finite().min(0).max(1),
});
export type ScrollDepth = z.infer<typeof ScrollDepth>;

export const ConsentMechanism = z.enum(['api', 'banner', 'tcf']);
export const ConsentScopes = z.strictObject({ replay: z.boolean(), surveys: z.boolean() });
export type ConsentScopes = z.infer<typeof ConsentScopes>;

/** What the visitor agreed to, sent with the first chunk of a session (proof of consent). */
export const ConsentReceipt = z.strictObject({
  ts: Timestamp,
  scopes: ConsentScopes,
  mechanism: ConsentMechanism,
  version: z.string().max(32),
  gpc: z.boolean(),
  dnt: z.boolean(),
  /** The built-in banner's language, sent with `mechanism: 'banner'`: which text was shown. */
  lang: z.enum(['en', 'de']).optional(),
});
export type ConsentReceipt = z.infer<typeof ConsentReceipt>;

/**
 * A receipt as kept with its session: what the browser sent, plus the SHA-256 (hex)
 * of the banner text shown in that language, computed by the server from the very
 * strings bundled into the stub (server/ingest/consent-receipt.ts). Absent for api/tcf
 * consent, where the site or its CMP showed its own words (see `version`).
 */
export const StoredConsentReceipt = ConsentReceipt.extend({ bannerHash: z.string().length(64).optional() });
export type StoredConsentReceipt = z.infer<typeof StoredConsentReceipt>;

export const MAX_EVENTS_PER_CHUNK = 5000;

/** One part of a single event's JSON text, for an event too big for one chunk. */
export const EventPart = z
  .strictObject({
    index: z.number().int().min(0).max(999),
    count: z.number().int().min(2).max(1000),
    /** The event's timestamp, so the session's times stay right. */
    ts: Timestamp,
    text: z.string().max(4 * 1024 * 1024),
  })
  .refine((p) => p.index < p.count, { message: 'index must be below count', path: ['index'] });
export type EventPart = z.infer<typeof EventPart>;

/** `POST /api/v1/ingest`: one numbered chunk of a session. */
export const Chunk = z.strictObject({
  site: SiteKey,
  visitor: Id,
  session: Id,
  seq: z.number().int().min(0).max(1_000_000),
  events: z.array(RrwebEvent).max(MAX_EVENTS_PER_CHUNK),
  pages: z.array(PageView).max(500).default([]),
  clicks: z.array(Click).max(2000).default([]),
  scroll: z.array(ScrollDepth).max(500).default([]),
  consent: ConsentReceipt.optional(),
  /** The site's own id for this visitor; only a keyed hash of it is stored. */
  identify: z.string().min(1).max(256).optional(),
  /** Names passed to einblick.track() since the last chunk (the sessions list filters on them). */
  tracks: z.array(PageText(100).pipe(z.string().min(1))).max(100).optional(),
  /** Set when this chunk carries a part of one oversized event instead of events. */
  part: EventPart.optional(),
  /** Events the recorder had to drop before this chunk (queue bound). */
  dropped: z.number().int().min(0).max(1e9).optional(),
});
export type Chunk = z.infer<typeof Chunk>;

/** Everything in a chunk but its events: what the server stores as rows. */
export const ChunkFacts = Chunk.omit({ events: true });
export type ChunkFacts = z.infer<typeof ChunkFacts>;

/**
 * The header of the compact body format (see README, "Chunk formats"): the chunk's
 * facts plus what the server would otherwise learn by parsing the events, which
 * travel beside it as an untouched gzip blob.
 */
export const ChunkHeader = Chunk.omit({ events: true, part: true }).extend({
  eventCount: z.number().int().min(0).max(MAX_EVENTS_PER_CHUNK),
  firstTs: Timestamp,
  lastTs: Timestamp,
  fullSnapshot: z.boolean(),
});
export type ChunkHeader = z.infer<typeof ChunkHeader>;

/**
 * `POST /api/v1/consent/revoke`. `proof`: the visitor key the id is derived from
 * (server/ingest/visitor-proof.ts). Optional here so that a revoke without it gets a 403 that
 * says what is missing, not a 400.
 */
// The recorder sends {site, proof}: the visitor id is derived from the proof (its key).
// A visitor id sent with it must be the one the proof derives; `session` is accepted and unused.
export const Revoke = z.strictObject({ site: SiteKey, visitor: Id.optional(), session: Id.optional(), proof: Id.optional() });
export type Revoke = z.infer<typeof Revoke>;
