// The sessions list, its filters, and a session's summary and detail.
import { z } from 'zod';
import { Device, IsoOrEpoch, SiteKey, SurveyKind } from './primitives.ts';
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
