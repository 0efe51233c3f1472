// Every shape that crosses the HTTP boundary, as zod schemas. The types the
// code uses are inferred from here, so a schema and its type share a name.
// Every string, array and number is bounded: this is a public endpoint.
import { z } from 'zod';
import { MAX_QUERY_KEYS, QUERY_KEY } from '../contract/url-masking.ts';

const Id = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const SiteKey = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');
const Timestamp = z.number().finite().min(0).max(1e14);
const Url = z.string().max(2048);
const Pixels = z.number().finite().min(0).max(1e6);
const Percent = z.number().finite().min(0).max(100);

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
  title: z.string().max(512).optional(),
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
  selector: z.string().max(512),
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
 * strings bundled into the stub (server/consent-receipt.ts). Absent for api/tcf
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
 * (server/visitor-proof.ts). Optional here so that a revoke without it gets a 403 that
 * says what is missing, not a 400.
 */
// The recorder sends {site, proof}: the visitor id is derived from the proof (its key).
// A visitor id sent with it must be the one the proof derives; `session` is accepted and unused.
export const Revoke = z.strictObject({ site: SiteKey, visitor: Id.optional(), session: Id.optional(), proof: Id.optional() });
export type Revoke = z.infer<typeof Revoke>;

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

export const NewSite = z.strictObject({
  name: z.string().min(1).max(100),
  origins: z.array(SiteOrigin).max(50),
  retentionDays: z.number().int().min(1).max(3650).default(90),
  privacy: z.enum(['strict', 'balanced']).default('strict'),
});
export type NewSite = z.infer<typeof NewSite>;

export const NewToken = z.strictObject({ role: Role, label: z.string().min(1).max(100) });
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

export const Device = z.enum(['mobile', 'tablet', 'desktop']);
export type Device = z.infer<typeof Device>;

export const SurveyKind = z.enum(['nps', 'csat', 'ces']);
export type SurveyKind = z.infer<typeof SurveyKind>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A query time as epoch ms: epoch ms, or an ISO date, which as an end means the whole of that day. */
export const epochOrDay = (endOfDay: boolean) =>
  z.union([z.iso.date().transform((d) => Date.parse(d) + (endOfDay ? DAY_MS - 1 : 0)), z.coerce.number().finite().min(0)]);

/** Like epochOrDay, and also an ISO date-time. */
const IsoOrEpoch = (endOfDay: boolean) => z.union([z.iso.datetime({ offset: true }).transform((t) => Date.parse(t)), epochOrDay(endOfDay)]);

/**
 * A survey segment, a filter of the sessions list and of heatmaps: only sessions whose
 * answer to `survey` scored at most `scoreMax` (e.g. NPS detractors: 6); spread into a
 * query's shape, checked with segmentNeedsSurvey.
 */
export const SurveySegment = {
  survey: z.string().min(8).max(40).optional(),
  scoreMax: z.coerce.number().int().min(0).max(10).optional(),
};
export const segmentNeedsSurvey: [(q: { survey?: string | undefined; scoreMax?: number | undefined }) => boolean, { message: string; path: string[] }] = [
  (q) => q.scoreMax === undefined || q.survey !== undefined,
  { message: 'scoreMax needs survey: the score of which survey?', path: ['scoreMax'] },
];

/** `GET /api/v1/sessions` query. */
export const SessionQuery = z.strictObject({
  site: SiteKey.optional(),
  from: IsoOrEpoch(false).optional(),
  to: IsoOrEpoch(true).optional(),
  url: z.string().max(2048).optional(),
  minDuration: z.coerce.number().finite().min(0).max(1e9).optional(),
  device: Device.optional(),
  ...SurveySegment,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
}).refine(...segmentNeedsSurvey);
export type SessionQuery = z.infer<typeof SessionQuery>;

/** `GET /sessions/:id/events?from=`: epoch ms; the replay segment holding that moment. */
export const EventsQuery = z.strictObject({
  from: z.coerce.number().int().min(0).max(1e15).optional(),
  /** With from: only the segment's head, up to its chunks beginning by this moment (replay-segments.ts headOf). */
  until: z.coerce.number().int().min(0).max(1e15).optional(),
});

export const SessionSummary = z.object({
  id: z.string(),
  site: z.string(),
  visitor: z.string(),
  startedAt: z.number(),
  duration: z.number(),
  entryUrl: z.string(),
  pages: z.number(),
  clicks: z.number(),
  device: Device,
  viewport: z.object({ width: z.number(), height: z.number() }),
  chunks: z.number(),
  gaps: z.array(z.number()),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionList = z.object({ sessions: z.array(SessionSummary), nextCursor: z.string().nullable() });
export type SessionList = z.infer<typeof SessionList>;

export const SessionDetail = SessionSummary.extend({
  pageViews: z.array(PageView.extend({ maxScroll: z.number() })),
  clickList: z.array(Click),
  consent: StoredConsentReceipt.nullable(),
  /** Survey answers given during the session: markers on the replay timeline. */
  surveyAnswers: z.array(z.object({ id: z.string(), survey: z.string(), kind: SurveyKind, score: z.number(), comment: z.string().nullable(), ts: z.number() })),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

export const SiteSummary = z.object({
  key: z.string(), name: z.string(), origins: z.array(z.string()), privacy: z.string(), retentionDays: z.number(), pageQueryKeys: z.array(z.string()),
  /** Only for admins: a webhook URL may carry the receiver's secret. */
  webhookUrl: z.string().nullable().optional(),
});
export type SiteSummary = z.infer<typeof SiteSummary>;

export const Me = z.object({ role: Role, label: z.string() });
export type Me = z.infer<typeof Me>;

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });
export type ErrorBody = z.infer<typeof ErrorBody>;

// ---- Micro-surveys (NPS, CSAT, CES) ----


/** The scale of each kind: NPS 0–10, CSAT 1–5, CES 1–7 (7 = very easy). */
export const SCORE_RANGE: Record<SurveyKind, readonly [number, number]> = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };

/** The highest score someone should look at today: an NPS detractor, a dissatisfied CSAT, a hard-going CES. */
export const LOW_SCORE_MAX: Record<SurveyKind, number> = { nps: 6, csat: 2, ces: 3 };

const SurveyId = z.string().min(8).max(40).regex(/^srv_[A-Za-z0-9_-]+$/, 'a survey id as POST /api/v1/surveys gave it');
const Prompt = z.string().trim().min(1).max(300);
/** A text in English and German; German falls back to English when not given. */
const LocalizedInput = z.union([Prompt, z.strictObject({ en: Prompt, de: Prompt.optional() })]);
export const Localized = z.object({ en: z.string(), de: z.string() });
export type Localized = z.infer<typeof Localized>;

/** When a survey is shown: every given part must hold (urlContains is checked by the server). */
export const SurveyTrigger = z.strictObject({
  urlContains: z.string().min(1).max(512).optional(),
  afterSeconds: z.number().int().min(0).max(86_400).optional(),
  onEvent: z.string().min(1).max(100).optional(),
  exitIntent: z.boolean().optional(),
});
export type SurveyTrigger = z.infer<typeof SurveyTrigger>;

/** `POST /api/v1/surveys` */
export const NewSurvey = z.strictObject({
  site: SiteKey,
  kind: SurveyKind,
  question: LocalizedInput,
  comment: LocalizedInput.optional(),
  trigger: SurveyTrigger.default({}),
  /** Not shown again to a visitor for this many days once answered or dismissed. */
  capDays: z.number().int().min(0).max(3650).default(30),
  /** Share of visitors asked. */
  sample: z.number().finite().min(0).max(1).default(1),
});
export type NewSurvey = z.infer<typeof NewSurvey>;

/** `PATCH /api/v1/surveys/:id` */
export const SurveyChange = z.strictObject({ active: z.boolean() });
export type SurveyChange = z.infer<typeof SurveyChange>;

/** A survey as a page receives it from `GET /api/v1/surveys/active`. */
export const ActiveSurvey = z.object({
  id: z.string(),
  kind: SurveyKind,
  question: Localized,
  comment: Localized.nullable(),
  trigger: SurveyTrigger,
  capDays: z.number(),
  sample: z.number(),
});
export type ActiveSurvey = z.infer<typeof ActiveSurvey>;

export const Survey = ActiveSurvey.extend({ site: z.string(), active: z.boolean(), createdAt: z.number() });
export type Survey = z.infer<typeof Survey>;

export const ActiveSurveysQuery = z.strictObject({ site: SiteKey, url: Url });
export type ActiveSurveysQuery = z.infer<typeof ActiveSurveysQuery>;

/** `POST /api/v1/surveys/shown`: the widget was displayed (the response rate's denominator). */
export const SurveyShown = z.strictObject({
  site: SiteKey,
  survey: SurveyId,
  visitor: Id.optional(),
  /** Only while replay is recorded: the answer then links to the replay moment. */
  session: Id.optional(),
  url: Url,
  ts: Timestamp,
  viewportWidth: Pixels.optional(),
});
export type SurveyShown = z.infer<typeof SurveyShown>;

/** `POST /api/v1/surveys/answer`: a score (with an optional comment), or a dismissal. */
export const SurveyAnswer = SurveyShown.extend({
  /** Chosen by the widget, so a retry is stored once. */
  id: Id.optional(),
  score: z.number().int().min(0).max(10).optional(),
  comment: z.string().max(2000).optional(),
  dismissed: z.boolean().optional(),
}).refine((a) => (a.score === undefined) === (a.dismissed === true), {
  message: 'send either a score or dismissed: true',
  path: ['score'],
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

/** `GET /api/v1/surveys/:id/results` query. */
export const SurveyResultsQuery = z.strictObject({
  from: IsoOrEpoch(false).optional(),
  to: IsoOrEpoch(true).optional(),
  url: z.string().max(2048).optional(),
  device: Device.optional(),
});
export type SurveyResultsQuery = z.infer<typeof SurveyResultsQuery>;

export const AnswerRow = z.object({
  id: z.string(),
  survey: z.string(),
  kind: SurveyKind,
  score: z.number(),
  comment: z.string().nullable(),
  ts: z.number(),
  url: z.string(),
  device: Device,
  session: z.string().nullable(),
  /** ms into the session's replay, when the answer is linked to a session still held. */
  replayOffset: z.number().nullable(),
});
export type AnswerRow = z.infer<typeof AnswerRow>;

export const SurveyResults = z.object({
  survey: Survey,
  shown: z.number(),
  answered: z.number(),
  dismissed: z.number(),
  /** answers / times shown, 0..1; null when never shown. */
  responseRate: z.number().nullable(),
  /** NPS −100..100, CSAT % of 4–5, CES mean; null without answers. */
  score: z.number().nullable(),
  distribution: z.array(z.object({ score: z.number(), count: z.number() })),
  trend: z.array(z.object({ day: z.string(), answers: z.number(), score: z.number().nullable() })),
  answers: z.array(AnswerRow),
});
export type SurveyResults = z.infer<typeof SurveyResults>;

/** `PATCH /api/v1/sites/:key`: each field given is changed, the others stay. */
export const SiteChange = z.strictObject({
  webhookUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
  /** Query keys whose values are safe to keep (page grouping keys); `utm_*` always are. */
  pageQueryKeys: z.array(z.string().regex(QUERY_KEY, 'a query key of 1 to 64 characters A-Z a-z 0-9 _ . -')).max(MAX_QUERY_KEYS).optional(),
});
export type SiteChange = z.infer<typeof SiteChange>;
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

// --- Captured assets (issue #13: replays that look like the page) ---

/** `GET /api/v1/assets/:hash`: a captured asset, by the sha256 of its bytes. */
export const AssetHash = z.string().regex(/^[0-9a-f]{64}$/);

/** One asset a replay uses, and whether it was captured: the fidelity report. */
export const SessionAsset = z.object({
  url: z.string(),
  kind: z.enum(['stylesheet', 'font', 'image']),
  state: z.enum(['queued', 'captured', 'failed']),
  /** Where the replay loads the captured copy from; null unless captured. */
  path: z.string().nullable(),
  /** Why not captured (server/assets/capture-error.ts), and in words. */
  reason: z.string().nullable(),
  explanation: z.string().nullable(),
  /** The captured stylesheet that pulls it in; null when the recording names it. */
  via: z.string().nullable(),
});
export type SessionAsset = z.infer<typeof SessionAsset>;
/** `GET /api/v1/sessions/:id/assets` */
export const SessionAssets = z.object({ session: z.string(), assets: z.array(SessionAsset) });
export type SessionAssets = z.infer<typeof SessionAssets>;
