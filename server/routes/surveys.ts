// Micro-surveys. Public: the surveys a page should run, "shown" and answers (CORS simple
// requests, like ingest). Admin: create and switch surveys. Researcher: list and results.
import { Router } from 'express';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ActiveSurveysQuery, AnswerCorrection, NewSurvey, SCORE_RANGE, SurveyAnswer, SurveyChange, SurveyResultsQuery, SurveyShown, type AnswerCorrected, type Localized, type SurveyResults } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { readJson } from '../ingest/body.ts';
import { requireRole } from '../http/auth.ts';
import { requireSite } from './public-site.ts';
import { publicLimits } from './public-limits.ts';
import { deviceClass } from '../ingest/device.ts';
import { pageOfVisit } from '../ingest/page-urls.ts';
import { inRange, isLowScore, responseRate, scoreDistribution, surveyScore, scoreTrend } from '../surveys/score.ts';
import { audit } from '../privacy/audit.ts';
import type { AppContext } from '../context.ts';
import { maskPersonalData } from '../pii/detect.ts';
import type { LiveHub } from '../ingest/live.ts';
import { commentLabeller } from '../surveys/comment-labels.ts';

const ANSWER_LIMITS = { bodyBytes: 8 * 1024, inflatedBytes: 8 * 1024 };
const SurveyIdParam = z.string().min(1).max(40).regex(/^srv_[A-Za-z0-9_-]+$/);
const AnswerIdParam = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const ListQuery = z.strictObject({ site: z.string().min(1).max(64).optional() });

const localized = (text: string | { en: string; de?: string | undefined }): Localized =>
  typeof text === 'string' ? { en: text, de: text } : { en: text.en, de: text.de ?? text.en };

function surveyIdParam(raw: unknown): string {
  const parsed = SurveyIdParam.safeParse(raw);
  if (!parsed.success) throw new HttpError(404, 'survey_not_found', 'No such survey.');
  return parsed.data;
}

export function surveyRoutes(ctx: AppContext, live: LiveHub): Router {
  const { store, config } = ctx;
  const router = Router();
  const limits = publicLimits(config.limits);
  const json = express.json({ limit: '16kb' });
  const labels = commentLabeller(store);

  /** A public request's site and survey, which must belong together. */
  async function siteAndSurvey(req: express.Request, siteKey: string, surveyId: string) {
    const site = await requireSite(req, store, siteKey);
    limits.checkSite(site.key);
    const survey = await store.surveys.surveyById(surveyId);
    if (!survey || survey.siteId !== site.id) throw new HttpError(404, 'survey_not_found', `Site ${site.key} has no survey ${surveyId}.`);
    return { site, survey };
  }

  const visitorErased = () =>
    new HttpError(410, 'visitor_erased', 'This visitor was erased or revoked consent on this site; nothing more is stored under this visitor id.');

  async function checkSession(session: string | undefined, siteId: number, visitor: string | undefined): Promise<void> {
    if (session === undefined) return;
    const link = await store.surveys.sessionLink(session, siteId, visitor ?? null);
    if (link === 'erased') throw new HttpError(410, 'session_erased', 'This session was erased or its consent revoked; nothing more is stored for it.');
    if (link === 'foreign') throw new HttpError(409, 'session_mismatch', 'This session id belongs to another visitor or site.');
  }

  router.get('/api/v1/surveys/active', async (req, res) => {
    limits.checkClient(req);
    const parsed = ActiveSurveysQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const site = await requireSite(req, store, parsed.data.site);
    limits.checkSite(site.key);
    const { url } = parsed.data;
    const surveys = (await store.surveys.activeSurveys(site.id)).filter((s) => !s.trigger.urlContains || url.includes(s.trigger.urlContains));
    res.set('Cache-Control', 'no-store').json({ surveys });
  });

  /** A page's survey report (shown, answer): read within limits, validated, its site, survey and session checked. */
  async function surveyReport<T extends { site: string; survey: string; session?: string | undefined; visitor?: string | undefined }>(req: express.Request, schema: z.ZodType<T>, code: string) {
    limits.checkClient(req);
    const { json: body } = await readJson(req, ANSWER_LIMITS);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw invalid(code, parsed.error);
    const { site, survey } = await siteAndSurvey(req, parsed.data.site, parsed.data.survey);
    await checkSession(parsed.data.session, site.id, parsed.data.visitor);
    return { report: parsed.data, site, survey };
  }

  router.post('/api/v1/surveys/shown', async (req, res) => {
    const { report: s, site, survey } = await surveyReport(req, SurveyShown, 'invalid_shown');
    const stored = await store.surveys.recordShown({
      surveyId: survey.id, siteId: site.id, visitor: s.visitor ?? null, session: s.session ?? null,
      page: pageOfVisit(s.url, site), device: deviceClass(s.viewportWidth ?? 1280), ts: s.ts,
    });
    if (!stored) throw visitorErased();
    res.status(202).json({ stored: true });
  });

  router.post('/api/v1/surveys/answer', async (req, res) => {
    const { report: a, site, survey } = await surveyReport(req, SurveyAnswer, 'invalid_answer');
    if (a.score !== undefined && !inRange(survey.kind, a.score)) {
      const [lo, hi] = SCORE_RANGE[survey.kind];
      throw new HttpError(400, 'score_out_of_range', `A ${survey.kind.toUpperCase()} score is ${lo} to ${hi}; got ${a.score}.`, [{ path: 'score', message: 'out of range' }]);
    }
    const id = a.id ?? randomBytes(12).toString('base64url');
    const score = a.score ?? null;
    const now = Date.now();
    const low = score !== null && isLowScore(survey.kind, score);
    const page = pageOfVisit(a.url, site);
    const device = deviceClass(a.viewportWidth ?? 1280);
    // A visitor may type their email or card number into a comment: masked as recordings
    // mask text, here, so the stored answer, the webhook and the live stream all get it masked.
    const comment = a.comment?.trim() ? maskPersonalData(a.comment.trim()).text : null;
    // Labelled from the masked text, at answer time, so results never wait for it.
    const analysis = await labels.label(site.id, comment);
    const outcome = await store.surveys.storeAnswer({
      id, surveyId: survey.id, siteId: site.id, visitor: a.visitor ?? null, session: a.session ?? null, score, comment,
      url: page, page, device, ts: a.ts, receivedAt: now, webhookDueAt: low && (await store.surveys.webhookOf(site.id)) ? now : null,
      analysis,
    });
    if (outcome === 'visitor_erased') throw visitorErased();
    if (outcome === 'stored' && score !== null) {
      live.publish('answer', site.key, { id, survey: survey.id, site: site.key, kind: survey.kind, score, comment, ts: a.ts, url: page, device, session: a.session ?? null,
        sentiment: analysis?.sentiment ?? null, themes: analysis?.themes ?? [] });
    }
    res.status(202).json({ stored: true, id, duplicate: outcome === 'duplicate' });
  });

  router.post('/api/v1/surveys', requireRole(store, 'admin'), json, async (req, res) => {
    const parsed = NewSurvey.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_survey', parsed.error);
    const { site: siteKey, question, comment, ...rest } = parsed.data;
    const site = await store.sites.siteByKey(siteKey);
    if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${siteKey}".`);
    const id = 'srv_' + randomBytes(9).toString('base64url');
    await store.surveys.createSurvey(id, site.id, { ...rest, question: localized(question), comment: comment === undefined ? null : localized(comment) });
    await audit(ctx, req, 'survey.create', id, { kind: rest.kind });
    res.status(201).json(withoutSiteId((await store.surveys.surveyById(id))!));
  });

  router.patch('/api/v1/surveys/:id', requireRole(store, 'admin'), json, async (req, res) => {
    const id = surveyIdParam(req.params.id);
    const parsed = SurveyChange.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_survey_change', parsed.error);
    if (!await store.surveys.setSurveyActive(id, parsed.data.active)) throw new HttpError(404, 'survey_not_found', 'No such survey.');
    await audit(ctx, req, 'survey.change', id, { active: parsed.data.active });
    res.json(withoutSiteId((await store.surveys.surveyById(id))!));
  });

  router.get('/api/v1/surveys', requireRole(store, 'researcher'), async (req, res) => {
    const parsed = ListQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    let siteId: number | undefined;
    if (parsed.data.site !== undefined) {
      const site = await store.sites.siteByKey(parsed.data.site);
      if (!site) throw new HttpError(404, 'site_not_found', `No site has the key "${parsed.data.site}".`);
      siteId = site.id;
    }
    res.json({ surveys: await store.surveys.listSurveys(siteId) });
  });

  router.get('/api/v1/surveys/:id/results', requireRole(store, 'researcher'), async (req, res) => {
    const survey = await store.surveys.surveyById(surveyIdParam(req.params.id));
    if (!survey) throw new HttpError(404, 'survey_not_found', 'No such survey.');
    const parsed = SurveyResultsQuery.safeParse(req.query);
    if (!parsed.success) throw invalid('invalid_query', parsed.error);
    const { theme, sentiment, ...range } = parsed.data;
    await labels.backfill(survey.id, survey.siteId);
    const rows = await store.surveys.surveyResultRows(survey.id, range, { ...(theme ? { theme } : {}), ...(sentiment ? { sentiment } : {}) });
    const counts = new Map(rows.counts.map((r) => [r.score, r.count]));
    const answered = rows.counts.reduce((n, r) => n + r.count, 0);
    const results: SurveyResults = {
      survey: withoutSiteId(survey),
      shown: rows.shown,
      answered,
      dismissed: rows.dismissed,
      responseRate: responseRate(answered, rows.shown),
      score: surveyScore(survey.kind, counts),
      distribution: scoreDistribution(survey.kind, counts),
      trend: scoreTrend(survey.kind, rows.byDay),
      answers: rows.answers,
      commented: rows.commented,
      themes: rows.themes,
    };
    res.json(results);
  });

  // A researcher's reading of a comment replaces the computed one and teaches the site's
  // model (server/surveys/comment-labels.ts), so similar answers after it follow.
  router.patch('/api/v1/surveys/answers/:id', requireRole(store, 'researcher'), json, async (req, res) => {
    const id = AnswerIdParam.safeParse(req.params.id);
    if (!id.success) throw new HttpError(404, 'answer_not_found', 'No such answer.');
    const parsed = AnswerCorrection.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_correction', parsed.error);
    const result = await store.surveys.correctAnswer(id.data, parsed.data, Date.now());
    if (result.outcome === 'not_found') throw new HttpError(404, 'answer_not_found', 'No such answer.');
    if (result.outcome === 'no_comment') throw new HttpError(409, 'answer_without_comment', 'This answer has no comment, so it has no sentiment or themes to correct.');
    await audit(ctx, req, 'survey.answer.correct', id.data, {
      survey: result.surveyId,
      ...(parsed.data.sentiment ? { sentiment: `${result.before.sentiment}→${parsed.data.sentiment}` } : {}),
      ...(parsed.data.themes ? { themes: `${result.before.themes.join(',')}→${parsed.data.themes.join(',')}` } : {}),
    });
    const corrected: AnswerCorrected = { id: id.data, ...result.after, corrected: true };
    res.json(corrected);
  });

  return router;
}

const withoutSiteId = <T extends { siteId: number }>({ siteId: _siteId, ...rest }: T): Omit<T, 'siteId'> => rest;
