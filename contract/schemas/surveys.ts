// Micro-surveys (NPS, CSAT, CES): definitions, answers and results.
import { z } from 'zod';
import { COMMENT_THEMES, SENTIMENTS } from '../comment-labels.ts';
import { Device, Id, IsoOrEpoch, Pixels, SiteKey, SurveyKind, Text, Timestamp, Url } from './primitives.ts';

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
  urlContains: Text(512).pipe(z.string().min(1)).optional(),
  afterSeconds: z.number().int().min(0).max(86_400).optional(),
  onEvent: Text(100).pipe(z.string().min(1)).optional(),
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
  comment: Text(2000).optional(),
  dismissed: z.boolean().optional(),
}).refine((a) => (a.score === undefined) === (a.dismissed === true), {
  message: 'send either a score or dismissed: true',
  path: ['score'],
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

/** How a comment reads, and what it is about: set when the answer arrives, correctable by a researcher. */
export { SENTIMENTS, COMMENT_THEMES };
export const Sentiment = z.enum(SENTIMENTS);
export type Sentiment = z.infer<typeof Sentiment>;
export const CommentTheme = z.enum(COMMENT_THEMES);
export type CommentTheme = z.infer<typeof CommentTheme>;

/** `GET /api/v1/surveys/:id/results` query; `theme` and `sentiment` narrow the answers listed, not the counts. */
export const SurveyResultsQuery = z.strictObject({
  from: IsoOrEpoch(false).optional(),
  to: IsoOrEpoch(true).optional(),
  url: Text(2048).optional(),
  device: Device.optional(),
  theme: CommentTheme.optional(),
  sentiment: Sentiment.optional(),
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
  /** The comment's language, tone and themes; null and [] without a comment. */
  lang: z.enum(['en', 'de']).nullable(),
  sentiment: Sentiment.nullable(),
  themes: z.array(CommentTheme),
  /** A researcher set sentiment and themes by hand. */
  corrected: z.boolean(),
});
export type AnswerRow = z.infer<typeof AnswerRow>;

/** `PATCH /api/v1/surveys/answers/:id`: a researcher's correction, learnt from for later answers. */
export const AnswerCorrection = z.strictObject({
  sentiment: Sentiment.optional(),
  themes: z.array(CommentTheme).max(COMMENT_THEMES.length).optional(),
}).refine((c) => c.sentiment !== undefined || c.themes !== undefined, { message: 'send sentiment, themes or both', path: ['sentiment'] });
export type AnswerCorrection = z.infer<typeof AnswerCorrection>;
/** What the correction answers: the labels the answer now has. */
export const AnswerCorrected = z.object({ id: z.string(), sentiment: Sentiment, themes: z.array(CommentTheme), corrected: z.literal(true) });
export type AnswerCorrected = z.infer<typeof AnswerCorrected>;

/** One theme across the answers in range: how many, their share of commented answers, and their tone. */
export const ThemeSummary = z.object({
  theme: CommentTheme,
  answers: z.number(),
  /** answers / answers with a comment, 0..1 */
  share: z.number(),
  sentiment: z.object({ positive: z.number(), neutral: z.number(), negative: z.number() }),
});
export type ThemeSummary = z.infer<typeof ThemeSummary>;

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
  /** Answers in range that have a comment: the denominator of each theme's share. */
  commented: z.number(),
  themes: z.array(ThemeSummary),
});
export type SurveyResults = z.infer<typeof SurveyResults>;
