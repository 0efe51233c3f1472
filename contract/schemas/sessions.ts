// The sessions list, its filters, and a session's summary and detail.
import { z } from 'zod';
import { Device, IsoOrEpoch, SiteKey, SurveyKind, Text } from './primitives.ts';
import { Click, PageView, StoredConsentReceipt } from './recording.ts';

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

/** `rage=1`: a flag filter; `true` too, as a saved segment gives it back. */
const Flag = z.union([z.literal('1'), z.literal(1), z.literal(true)]).transform(() => true as const).optional();

/** A tag on a session: short words a researcher types, safe in a URL and a chip. */
export const Tag = z.string().trim().min(1).max(40).regex(/^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u, 'letters, digits, space, _ . : - only, starting with a letter or digit');
export const MAX_TAGS = 20;

/** Sort of the sessions list: `-` for descending; newest first when absent. */
export const SessionSort = z.enum(['startedAt', '-startedAt', 'duration', '-duration', 'clicks', '-clicks', 'rage', '-rage']);
export type SessionSort = z.infer<typeof SessionSort>;

/** Browser or OS: a family, or a family and its major version ("Chrome", "Chrome 120"). */
const Platform = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N} ._-]+$/u, 'a name and optional major version');

/** The list's filters without site and paging: what a saved segment holds. */
export const SessionFilters = z.strictObject({
  from: IsoOrEpoch(false).optional(),
  to: IsoOrEpoch(true).optional(),
  url: Text(2048).optional(),
  minDuration: z.coerce.number().finite().min(0).max(1e9).transform(Math.floor).optional(),
  maxDuration: z.coerce.number().finite().min(0).max(1e9).transform(Math.ceil).optional(),
  device: Device.optional(),
  ...SurveySegment,
  rage: Flag,
  dead: Flag,
  identified: Flag,
  answered: Flag,
  /** A name passed to einblick.track(). */
  event: Text(100).pipe(z.string().min(1)).optional(),
  /** A clicked element's selector, exactly as the clicks list shows it; with url, on those pages. */
  clicked: Text(512).pipe(z.string().min(1)).optional(),
  tag: Tag.optional(),
  browser: Platform.optional(),
  os: Platform.optional(),
  sort: SessionSort.optional(),
});
export type SessionFilters = z.infer<typeof SessionFilters>;
export type SessionFiltersInput = z.input<typeof SessionFilters>;

/** `GET /api/v1/sessions` query. */
export const SessionQuery = SessionFilters.extend({
  site: SiteKey.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
}).refine(...segmentNeedsSurvey);
export type SessionQuery = z.infer<typeof SessionQuery>;

/** `PUT /api/v1/sessions/:id/tags`: the whole set of the session's tags (duplicates fold). */
export const TagsBody = z.strictObject({ tags: z.array(Tag).max(MAX_TAGS) });
export type TagsBody = z.infer<typeof TagsBody>;

/** `GET /api/v1/tags?site=` answer. */
export const TagCounts = z.object({ tags: z.array(z.object({ tag: z.string(), sessions: z.number() })) });
export type TagCounts = z.infer<typeof TagCounts>;

/** `POST /api/v1/segments`. */
export const SegmentBody = z.strictObject({
  site: SiteKey,
  name: z.string().trim().min(1).max(80),
  filters: SessionFilters.refine(...segmentNeedsSurvey),
});
export type SegmentBody = z.infer<typeof SegmentBody>;

export const Segment = z.object({ id: z.number(), site: z.string(), name: z.string(), filters: SessionFilters, createdBy: z.string(), createdAt: z.number() });
export type Segment = z.infer<typeof Segment>;

/** `GET /sessions/:id/events?from=`: epoch ms; the replay segment holding that moment. */
export const EventsQuery = z.strictObject({
  from: z.coerce.number().int().min(0).max(1e15).optional(),
  /** With from: only the segment's head, up to its chunks beginning by this moment (server/replay/segments.ts headOf). */
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
  /** Family and major version from the User-Agent ("Chrome 120"); '' when unknown. */
  browser: z.string(),
  os: z.string(),
  rageClicks: z.number(),
  deadClicks: z.number(),
  answered: z.boolean(),
  identified: z.boolean(),
  tags: z.array(z.string()),
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
  /** Names the page passed to einblick.track() in this session. */
  tracked: z.array(z.string()),
});
export type SessionDetail = z.infer<typeof SessionDetail>;
