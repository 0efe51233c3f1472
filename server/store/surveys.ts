// Surveys, the times they were shown, their answers, and the webhook calls owed for low scores.
import { themeSummaries } from './theme-summaries.ts';
import { SURVEY_COLUMNS, toActive, toSurvey, type SurveyRow } from './survey-rows.ts';
import type { Db } from './db.ts';
import { sessionGate } from './session-gate.ts';
import type { ActiveSurvey, AnswerRow, CommentTheme, Device, Localized, NewSurvey, Sentiment, Survey, SurveyKind } from '../../contract/schemas/index.ts';


/** A new survey with its texts already in both languages. */
export type SurveyDefinition = Omit<NewSurvey, 'site' | 'question' | 'comment'> & { question: Localized; comment: Localized | null };

export interface AnswerWrite {
  id: string; surveyId: string; siteId: number; visitor: string | null; session: string | null; score: number | null; comment: string | null;
  url: string; page: string; device: Device; ts: number; receivedAt: number;
  /** When set, a webhook delivery is queued in the same transaction (a low score on a site with a webhook). */
  webhookDueAt: number | null;
  /** The comment's language, tone and themes; null without a comment. */
  analysis?: CommentLabels | null;
}

export interface CommentLabels { lang: 'en' | 'de'; sentiment: Sentiment; themes: CommentTheme[] }

/** A researcher's correction of an answer, as learnt from. */
export interface CorrectedAnswer { comment: string; sentiment: Sentiment; themes: CommentTheme[] }

/** Narrows the answers listed (not the counts): one theme, one tone. */
export interface AnswerFilter { theme?: CommentTheme; sentiment?: Sentiment }

export interface ShowWrite { surveyId: string; siteId: number; visitor: string | null; session: string | null; page: string; device: Device; ts: number }

export interface ResultsFilter { from?: number; to?: number; url?: string; device?: Device }

export interface WebhookJob {
  answerId: string; attempts: number; url: string; siteKey: string; surveyId: string; kind: SurveyKind; question: string;
  score: number; comment: string | null; pageUrl: string; device: Device; ts: number; session: string | null; sessionStart: number | null;
}




export function surveysStore(db: Db) {
  const insertSurvey = db.prepare(
    `INSERT INTO surveys (id, site_id, kind, question_en, question_de, comment_en, comment_de, trigger, cap_days, sample, created_at)
     VALUES (@id, @siteId, @kind, @questionEn, @questionDe, @commentEn, @commentDe, @trigger, @capDays, @sample, @createdAt)`,
  );
  const byId = db.prepare<[string], SurveyRow & { site_id: number }>(`SELECT ${SURVEY_COLUMNS}, v.site_id FROM surveys v JOIN sites st ON st.id = v.site_id WHERE v.id = ?`);
  const all = db.prepare<[], SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM surveys v JOIN sites st ON st.id = v.site_id ORDER BY v.created_at DESC`);
  const ofSite = db.prepare<[number], SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM surveys v JOIN sites st ON st.id = v.site_id WHERE v.site_id = ? ORDER BY v.created_at DESC`);
  const activeOfSite = db.prepare<[number], SurveyRow>(`SELECT ${SURVEY_COLUMNS} FROM surveys v JOIN sites st ON st.id = v.site_id WHERE v.site_id = ? AND v.active = 1 ORDER BY v.created_at`);
  const setActive = db.prepare('UPDATE surveys SET active = ? WHERE id = ?');

  const insertShow = db.prepare(
    'INSERT INTO survey_shows (survey_id, site_id, visitor_id, session_id, page, device, ts) VALUES (@surveyId, @siteId, @visitor, @session, @page, @device, @ts)',
  );
  const insertAnswer = db.prepare(
    `INSERT INTO survey_answers (id, survey_id, site_id, visitor_id, session_id, score, comment, dismissed, url, page, device, ts, received_at, lang, sentiment, themes)
     VALUES (@id, @surveyId, @siteId, @visitor, @session, @score, @comment, @dismissed, @url, @page, @device, @ts, @receivedAt, @lang, @sentiment, @themes)
     ON CONFLICT (id) DO NOTHING`,
  );
  const queueDelivery = db.prepare('INSERT OR IGNORE INTO webhook_deliveries (answer_id, next_at) VALUES (?, ?)');
  // A surveys-only visitor has no chunk, so the answer makes them known to the privacy desk.
  const upsertVisitor = db.prepare(
    `INSERT INTO visitors (site_id, id, first_seen, last_seen) VALUES (@siteId, @visitor, @ts, @ts)
     ON CONFLICT (site_id, id) DO UPDATE SET last_seen = max(last_seen, excluded.last_seen)`,
  );
  const visitorShows = db.prepare<[number, string], Record<string, unknown>>(
    `SELECT w.survey_id AS survey, w.session_id AS session, w.page, w.device, w.ts FROM survey_shows w
     WHERE w.site_id = ? AND w.visitor_id = ? ORDER BY w.ts`,
  );
  const visitorAnswers = db.prepare<[number, string], Record<string, unknown>>(
    `SELECT a.id, a.survey_id AS survey, v.kind, a.score, a.comment, a.dismissed, a.url, a.device, a.ts, a.session_id AS session,
       a.lang, a.sentiment, a.themes, a.corrected_at AS correctedAt
     FROM survey_answers a JOIN surveys v ON v.id = a.survey_id WHERE a.site_id = ? AND a.visitor_id = ? ORDER BY a.ts`,
  );

  const gate = sessionGate(db);
  const setWebhook = db.prepare('UPDATE sites SET webhook_url = ? WHERE id = ?');
  const webhookOf = db.prepare<[number], { webhook_url: string | null }>('SELECT webhook_url FROM sites WHERE id = ?');
  const due = db.prepare<[number, string, number], WebhookJob>(
    `SELECT d.answer_id AS answerId, d.attempts, st.webhook_url AS url, st.key AS siteKey, v.id AS surveyId, v.kind, v.question_en AS question,
       a.score, a.comment, a.url AS pageUrl, a.device, a.ts, a.session_id AS session, s.started_at AS sessionStart
     FROM webhook_deliveries d JOIN survey_answers a ON a.id = d.answer_id JOIN surveys v ON v.id = a.survey_id
     JOIN sites st ON st.id = a.site_id LEFT JOIN sessions s ON s.id = a.session_id
     WHERE d.next_at <= ? AND st.webhook_url IS NOT NULL AND st.key NOT IN (SELECT value FROM json_each(?)) ORDER BY d.next_at LIMIT ?`,
  );
  const deliveryDone = db.prepare('DELETE FROM webhook_deliveries WHERE answer_id = ?');
  const pendingDeliveries = db.prepare('SELECT count(*) FROM webhook_deliveries').pluck();
  const retryingDeliveries = db.prepare('SELECT count(*) FROM webhook_deliveries WHERE attempts > 0').pluck();
  const deliveryRetry = db.prepare('UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE answer_id = ?');

  /** WHERE clauses of a results query, over survey_answers a or survey_shows w (same column names). */
  function resultsWhere(alias: 'a' | 'w', f: ResultsFilter): string {
    const where = [`${alias}.survey_id = @surveyId`];
    if (f.from !== undefined) where.push(`${alias}.ts >= @from`);
    if (f.to !== undefined) where.push(`${alias}.ts <= @to`);
    if (f.url !== undefined) where.push(`instr(${alias}.page, @url) > 0`);
    if (f.device !== undefined) where.push(`${alias}.device = @device`);
    return where.join(' AND ');
  }
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  const cached = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const params = (surveyId: string, f: ResultsFilter) => ({ surveyId, ...f });

  const unanalysed = db.prepare<[string, number], { id: string; comment: string }>(
    'SELECT id, comment FROM survey_answers WHERE survey_id = ? AND lang IS NULL AND comment IS NOT NULL LIMIT ?',
  );
  const setLabels = db.prepare('UPDATE survey_answers SET lang = @lang, sentiment = @sentiment, themes = @themes WHERE id = @id');
  const answerForCorrection = db.prepare<[string], { site_id: number; survey_id: string; comment: string | null; sentiment: Sentiment | null; themes: string }>(
    'SELECT site_id, survey_id, comment, sentiment, themes FROM survey_answers WHERE id = ?',
  );
  const setCorrection = db.prepare('UPDATE survey_answers SET sentiment = @sentiment, themes = @themes, corrected_at = @at WHERE id = @id');
  const correctionsOf = db.prepare<[number], { comment: string; sentiment: Sentiment; themes: string }>(
    'SELECT comment, sentiment, themes FROM survey_answers WHERE site_id = ? AND corrected_at IS NOT NULL AND comment IS NOT NULL ORDER BY corrected_at',
  );
  const correctionStamp = db.prepare<[number], { n: number; last: number | null }>(
    'SELECT count(*) AS n, max(corrected_at) AS last FROM survey_answers WHERE site_id = ? AND corrected_at IS NOT NULL',
  );

  return {
    createSurvey(id: string, siteId: number, s: SurveyDefinition, createdAt = Date.now()): void {
      insertSurvey.run({
        id, siteId, kind: s.kind, questionEn: s.question.en, questionDe: s.question.de, commentEn: s.comment?.en ?? null,
        commentDe: s.comment?.de ?? null, trigger: JSON.stringify(s.trigger), capDays: s.capDays, sample: s.sample, createdAt,
      });
    },
    surveyById(id: string): (Survey & { siteId: number }) | null {
      const row = byId.get(id);
      return row ? { ...toSurvey(row), siteId: row.site_id } : null;
    },
    listSurveys(siteId?: number): Survey[] {
      return (siteId === undefined ? all.all() : ofSite.all(siteId)).map(toSurvey);
    },
    activeSurveys(siteId: number): ActiveSurvey[] {
      return activeOfSite.all(siteId).map(toSurvey).map(toActive);
    },
    setSurveyActive(id: string, active: boolean): boolean {
      return setActive.run(active ? 1 : 0, id).changes === 1;
    },

    /** Whether an answer may name this session: not erased, and not another visitor's. */
    sessionLink(session: string, siteId: number, visitor: string | null): 'ok' | 'erased' | 'foreign' {
      if (gate.isErased(session)) return 'erased';
      return gate.isForeign(session, siteId, visitor) ? 'foreign' : 'ok';
    },
    /** False, storing nothing, when the visitor was erased or revoked on this site. */
    recordShown: db.transaction((w: ShowWrite): boolean => {
      if (w.visitor && gate.isVisitorErased(w.siteId, w.visitor)) return false;
      insertShow.run(w);
      if (w.visitor) upsertVisitor.run({ siteId: w.siteId, visitor: w.visitor, ts: w.ts });
      return true;
    }),
    /** Stores an answer (or dismissal) once per id, and queues its webhook call in the same transaction. */
    storeAnswer: db.transaction((w: AnswerWrite): 'stored' | 'duplicate' | 'visitor_erased' => {
      if (w.visitor && gate.isVisitorErased(w.siteId, w.visitor)) return 'visitor_erased';
      const { webhookDueAt, analysis, ...row } = w;
      const labels = { lang: analysis?.lang ?? null, sentiment: analysis?.sentiment ?? null, themes: JSON.stringify(analysis?.themes ?? []) };
      const changes = insertAnswer.run({ ...row, ...labels, dismissed: w.score === null ? 1 : 0 }).changes;
      if (!changes) return 'duplicate';
      if (w.visitor) upsertVisitor.run({ siteId: w.siteId, visitor: w.visitor, ts: w.ts });
      if (webhookDueAt !== null) queueDelivery.run(w.id, webhookDueAt);
      return 'stored';
    }),
    visitorAnswers: (siteId: number, visitor: string) =>
      visitorAnswers.all(siteId, visitor).map((r): Record<string, unknown> => ({ ...r, themes: JSON.parse(String(r.themes)) as CommentTheme[] })),
    /** Each time a survey was shown to the visitor: held on them too, so exported with the answers. */
    visitorShows: (siteId: number, visitor: string) => visitorShows.all(siteId, visitor),

    /** Comments stored before they were analysed (before migration 022): read lazily with their results. */
    unanalysedComments: (surveyId: string, limit: number) => unanalysed.all(surveyId, limit),
    saveCommentLabels: db.transaction((rows: (CommentLabels & { id: string })[]) => {
      for (const r of rows) setLabels.run({ ...r, themes: JSON.stringify(r.themes) });
    }),
    /** A researcher's labels replace the computed ones; null when there is no such answer or it has no comment. */
    correctAnswer: db.transaction((id: string, change: { sentiment?: Sentiment | undefined; themes?: CommentTheme[] | undefined }, at: number) => {
      const row = answerForCorrection.get(id);
      if (!row) return { outcome: 'not_found' as const };
      if (row.comment === null || row.sentiment === null) return { outcome: 'no_comment' as const, siteId: row.site_id };
      const after = { sentiment: change.sentiment ?? row.sentiment, themes: [...new Set(change.themes ?? (JSON.parse(row.themes) as CommentTheme[]))] };
      setCorrection.run({ id, sentiment: after.sentiment, themes: JSON.stringify(after.themes), at });
      return { outcome: 'corrected' as const, siteId: row.site_id, surveyId: row.survey_id, before: { sentiment: row.sentiment, themes: JSON.parse(row.themes) as CommentTheme[] }, after };
    }),
    /** The site's corrected answers, oldest correction first: what its comment model learns from. */
    corrections: (siteId: number): CorrectedAnswer[] =>
      correctionsOf.all(siteId).map((r) => ({ comment: r.comment, sentiment: r.sentiment, themes: JSON.parse(r.themes) as CommentTheme[] })),
    /** Changes whenever the site's corrections do (a new one, or one erased with its answer). */
    correctionStamp: (siteId: number): string => {
      const { n, last } = correctionStamp.get(siteId)!;
      return `${n}:${last ?? 0}`;
    },

    surveyResultRows(surveyId: string, f: ResultsFilter, only: AnswerFilter = {}) {
      const p = params(surveyId, f);
      const whereA = resultsWhere('a', f);
      const shown = (cached(`SELECT count(*) AS n FROM survey_shows w WHERE ${resultsWhere('w', f)}`).get(p) as { n: number }).n;
      const dismissed = (cached(`SELECT count(*) AS n FROM survey_answers a WHERE ${whereA} AND a.score IS NULL`).get(p) as { n: number }).n;
      const counts = cached(`SELECT a.score, count(*) AS count FROM survey_answers a WHERE ${whereA} AND a.score IS NOT NULL GROUP BY a.score`).all(p) as { score: number; count: number }[];
      const byDay = cached(
        `SELECT strftime('%Y-%m-%d', a.ts / 1000, 'unixepoch') AS day, a.score, count(*) AS count FROM survey_answers a
         WHERE ${whereA} AND a.score IS NOT NULL GROUP BY day, a.score`,
      ).all(p) as { day: string; score: number; count: number }[];
      const narrow = [
        ...(only.sentiment ? ['a.sentiment = @sentiment'] : []),
        ...(only.theme ? ['EXISTS (SELECT 1 FROM json_each(a.themes) j WHERE j.value = @theme)'] : []),
      ].map((w) => ` AND ${w}`).join('');
      const answers = (
        cached(
          `SELECT a.id, a.survey_id AS survey, v.kind, a.score, a.comment, a.ts, a.url, a.device, a.session_id AS session, s.started_at AS started,
             a.lang, a.sentiment, a.themes, a.corrected_at
           FROM survey_answers a JOIN surveys v ON v.id = a.survey_id LEFT JOIN sessions s ON s.id = a.session_id
           WHERE ${whereA} AND a.score IS NOT NULL${narrow} ORDER BY a.ts DESC LIMIT 200`,
        ).all({ ...p, ...only }) as (Omit<AnswerRow, 'replayOffset' | 'themes' | 'corrected'> & { started: number | null; themes: string; corrected_at: number | null })[]
      ).map(({ started, themes, corrected_at, ...a }): AnswerRow => ({
        ...a, session: started === null ? null : a.session, replayOffset: started === null ? null : Math.max(0, a.ts - started),
        themes: JSON.parse(themes) as CommentTheme[], corrected: corrected_at !== null,
      }));
      const commented = (cached(`SELECT count(*) AS n FROM survey_answers a WHERE ${whereA} AND a.score IS NOT NULL AND a.sentiment IS NOT NULL`).get(p) as { n: number }).n;
      const byTheme = cached(
        `SELECT j.value AS theme, a.sentiment, count(*) AS count FROM survey_answers a, json_each(a.themes) j
         WHERE ${whereA} AND a.score IS NOT NULL AND a.sentiment IS NOT NULL GROUP BY j.value, a.sentiment`,
      ).all(p) as { theme: CommentTheme; sentiment: Sentiment; count: number }[];
      return { shown, dismissed, counts, byDay, answers, commented, themes: themeSummaries(byTheme, commented) };
    },

    setWebhook(siteId: number, url: string | null): void {
      setWebhook.run(url, siteId);
    },
    webhookOf: (siteId: number): string | null => webhookOf.get(siteId)?.webhook_url ?? null,
    dueWebhooks: (now: number, limit = 20): WebhookJob[] => due.all(now, '[]', limit),
    /** Webhook calls owed, due or waiting for a retry: the queue depth /metrics shows. */
    pendingWebhookDeliveries: (): number => pendingDeliveries.get() as number,
    /** Of those, the ones that failed at least once and wait for their next attempt. */
    retryingWebhookDeliveries: (): number => retryingDeliveries.get() as number,
    /** Due calls of sites other than `busySites` (whose calls are under way), so a backlog of one site cannot hide the others'. */
    dueWebhooksExcept: (now: number, busySites: string[], limit = 20): WebhookJob[] => due.all(now, JSON.stringify(busySites), limit),
    webhookDelivered(answerId: string): void {
      deliveryDone.run(answerId);
    },
    webhookFailed(answerId: string, nextAt: number | null, error: string): void {
      if (nextAt === null) deliveryDone.run(answerId);
      else deliveryRetry.run(nextAt, error.slice(0, 200), answerId);
    },
  };
}

