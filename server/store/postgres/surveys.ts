// Surveys on PostgreSQL: the same answers as ../surveys.ts. Writes of a visitor's rows
// (a show, an answer) hold the erasure locks of that visitor (erasure-locks.ts) before
// asking the gate, so an erasure on another node that answered first always wins.
import { SURVEY_COLUMNS, toActive, toSurvey, type SurveyRow } from '../survey-rows.ts';
import type { Pg, Queryable } from './db.ts';
import { pgSessionGate } from './session-gate.ts';
import { lockTombstoneKeys } from './erasure-locks.ts';
import { Params } from './session-list.ts';
import { tombstoneKey, visitorTombstoneKey } from '../tombstone.ts';
import { themeSummaries } from '../theme-summaries.ts';
import type { AnswerFilter, AnswerWrite, CommentLabels, CorrectedAnswer, ResultsFilter, ShowWrite, SurveyDefinition, surveysStore, WebhookJob } from '../surveys.ts';
import type { Async } from '../contract.ts';
import type { ActiveSurvey, AnswerRow, CommentTheme, Sentiment, Survey } from '../../../contract/schemas/index.ts';


const FROM_SURVEYS = 'FROM surveys v JOIN sites st ON st.id = v.site_id';



/** The themes of an answer's JSON text, one row each. */
const themesOf = (alias: string) => `jsonb_array_elements_text(${alias}.themes::jsonb) AS j(value)`;

const DUE = `SELECT d.answer_id AS "answerId", d.attempts, st.webhook_url AS url, st.key AS "siteKey", v.id AS "surveyId", v.kind, v.question_en AS question,
    a.score, a.comment, a.url AS "pageUrl", a.device, a.ts, a.session_id AS session, s.started_at AS "sessionStart"
  FROM webhook_deliveries d JOIN survey_answers a ON a.id = d.answer_id JOIN surveys v ON v.id = a.survey_id
  JOIN sites st ON st.id = a.site_id LEFT JOIN sessions s ON s.id = a.session_id
  WHERE d.next_at <= $1 AND st.webhook_url IS NOT NULL AND st.key <> ALL($2::text[]) ORDER BY d.next_at, d.answer_id LIMIT $3`;

export function pgSurveysStore(pg: Pg) {
  const gate = pgSessionGate(pg);

  /** A write of the visitor's rows waits for an erasure of them under way, and the erasure for it. */
  const lockVisitor = (c: Queryable, siteId: number, visitor: string) =>
    lockTombstoneKeys([visitorTombstoneKey(siteId, visitor), visitorTombstoneKey(null, visitor)], c);

  // A surveys-only visitor has no chunk, so the answer makes them known to the privacy desk.
  const upsertVisitor = (c: Queryable, siteId: number, visitor: string, ts: number) =>
    pg.run(
      `INSERT INTO visitors (site_id, id, first_seen, last_seen) VALUES ($1, $2, $3, $3)
       ON CONFLICT (site_id, id) DO UPDATE SET last_seen = GREATEST(visitors.last_seen, excluded.last_seen)`,
      [siteId, visitor, ts], c,
    );

  /** WHERE terms of a results query, over survey_answers a or survey_shows w (same column names). */
  function resultsWhere(alias: 'a' | 'w', surveyId: string, f: ResultsFilter, p: Params): string {
    const where = [`${alias}.survey_id = ${p.add(surveyId)}`];
    if (f.from !== undefined) where.push(`${alias}.ts >= ${p.add(f.from)}`);
    if (f.to !== undefined) where.push(`${alias}.ts <= ${p.add(f.to)}`);
    if (f.url !== undefined) where.push(`strpos(${alias}.page, ${p.add(f.url)}) > 0`);
    if (f.device !== undefined) where.push(`${alias}.device = ${p.add(f.device)}`);
    return where.join(' AND ');
  }
  /** Rows of a statement over the results' filter: `sql` gets the WHERE terms and adds its own values after them. */
  async function results<R extends object>(alias: 'a' | 'w', surveyId: string, f: ResultsFilter, sql: (where: string, p: Params) => string): Promise<R[]> {
    const p = new Params();
    const text = sql(resultsWhere(alias, surveyId, f, p), p);
    return pg.rows<R & Record<string, unknown>>(text, p.values);
  }
  const count = async (alias: 'a' | 'w', surveyId: string, f: ResultsFilter, sql: (where: string) => string) =>
    (await results<{ n: number }>(alias, surveyId, f, sql))[0]!.n;

  return {
    async createSurvey(id: string, siteId: number, s: SurveyDefinition, createdAt = Date.now()): Promise<void> {
      await pg.run(
        `INSERT INTO surveys (id, site_id, kind, question_en, question_de, comment_en, comment_de, trigger, cap_days, sample, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, siteId, s.kind, s.question.en, s.question.de, s.comment?.en ?? null, s.comment?.de ?? null, JSON.stringify(s.trigger), s.capDays, s.sample, createdAt],
      );
    },
    async surveyById(id: string): Promise<(Survey & { siteId: number }) | null> {
      const row = await pg.row<SurveyRow & { site_id: number }>(`SELECT ${SURVEY_COLUMNS}, v.site_id ${FROM_SURVEYS} WHERE v.id = $1`, [id]);
      return row ? { ...toSurvey(row), siteId: row.site_id } : null;
    },
    async listSurveys(siteId?: number): Promise<Survey[]> {
      const rows = siteId === undefined
        ? await pg.rows<SurveyRow>(`SELECT ${SURVEY_COLUMNS} ${FROM_SURVEYS} ORDER BY v.created_at DESC`)
        : await pg.rows<SurveyRow>(`SELECT ${SURVEY_COLUMNS} ${FROM_SURVEYS} WHERE v.site_id = $1 ORDER BY v.created_at DESC`, [siteId]);
      return rows.map(toSurvey);
    },
    async activeSurveys(siteId: number): Promise<ActiveSurvey[]> {
      return (await pg.rows<SurveyRow>(`SELECT ${SURVEY_COLUMNS} ${FROM_SURVEYS} WHERE v.site_id = $1 AND v.active = 1 ORDER BY v.created_at`, [siteId]))
        .map(toSurvey).map(toActive);
    },
    async setSurveyActive(id: string, active: boolean): Promise<boolean> {
      return (await pg.run('UPDATE surveys SET active = $1 WHERE id = $2', [active ? 1 : 0, id])) === 1;
    },

    /** Whether an answer may name this session: not erased, and not another visitor's. */
    async sessionLink(session: string, siteId: number, visitor: string | null): Promise<'ok' | 'erased' | 'foreign'> {
      if (await gate.isErased(session)) return 'erased';
      return (await gate.isForeign(session, siteId, visitor)) ? 'foreign' : 'ok';
    },
    /** False, storing nothing, when the visitor was erased or revoked on this site. */
    recordShown: (w: ShowWrite): Promise<boolean> =>
      pg.tx(async (c) => {
        if (w.visitor) {
          await lockVisitor(c, w.siteId, w.visitor);
          if (await gate.isVisitorErased(w.siteId, w.visitor, Date.now(), c)) return false;
        }
        await pg.run(
          'INSERT INTO survey_shows (survey_id, site_id, visitor_id, session_id, page, device, ts) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [w.surveyId, w.siteId, w.visitor, w.session, w.page, w.device, w.ts], c,
        );
        if (w.visitor) await upsertVisitor(c, w.siteId, w.visitor, w.ts);
        return true;
      }),
    /** Stores an answer (or dismissal) once per id, and queues its webhook call in the same transaction. */
    storeAnswer: (w: AnswerWrite): Promise<'stored' | 'duplicate' | 'visitor_erased'> =>
      pg.tx(async (c) => {
        // The session's key too: the route's check that the session was not erased ran before
        // this transaction, and an erasure on another node may have committed since.
        await lockTombstoneKeys([
          ...(w.visitor ? [visitorTombstoneKey(w.siteId, w.visitor), visitorTombstoneKey(null, w.visitor)] : []),
          ...(w.session ? [tombstoneKey(w.session)] : []),
        ], c);
        if (w.visitor && (await gate.isVisitorErased(w.siteId, w.visitor, Date.now(), c))) return 'visitor_erased';
        // Refused as the visitor's would be: nothing more is stored for an erased session (410).
        if (w.session && (await gate.isErased(w.session, c))) return 'visitor_erased';
        const a = w.analysis;
        const changes = await pg.run(
          `INSERT INTO survey_answers (id, survey_id, site_id, visitor_id, session_id, score, comment, dismissed, url, page, device, ts, received_at, lang, sentiment, themes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING`,
          [w.id, w.surveyId, w.siteId, w.visitor, w.session, w.score, w.comment, w.score === null ? 1 : 0, w.url, w.page, w.device, w.ts, w.receivedAt,
            a?.lang ?? null, a?.sentiment ?? null, JSON.stringify(a?.themes ?? [])],
          c,
        );
        if (!changes) return 'duplicate';
        if (w.visitor) await upsertVisitor(c, w.siteId, w.visitor, w.ts);
        if (w.webhookDueAt !== null) await pg.run('INSERT INTO webhook_deliveries (answer_id, next_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [w.id, w.webhookDueAt], c);
        return 'stored';
      }),
    async visitorAnswers(siteId: number, visitor: string): Promise<Record<string, unknown>[]> {
      const rows = await pg.rows<Record<string, unknown>>(
        `SELECT a.id, a.survey_id AS survey, v.kind, a.score, a.comment, a.dismissed, a.url, a.device, a.ts, a.session_id AS session,
           a.lang, a.sentiment, a.themes, a.corrected_at AS "correctedAt"
         FROM survey_answers a JOIN surveys v ON v.id = a.survey_id WHERE a.site_id = $1 AND a.visitor_id = $2 ORDER BY a.ts, a.rowid`,
        [siteId, visitor],
      );
      return rows.map((r) => ({ ...r, themes: JSON.parse(String(r.themes)) as CommentTheme[] }));
    },
    /** Each time a survey was shown to the visitor: held on them too, so exported with the answers. */
    visitorShows: (siteId: number, visitor: string): Promise<Record<string, unknown>[]> =>
      pg.rows<Record<string, unknown>>(
        `SELECT w.survey_id AS survey, w.session_id AS session, w.page, w.device, w.ts FROM survey_shows w
         WHERE w.site_id = $1 AND w.visitor_id = $2 ORDER BY w.ts, w.rowid`,
        [siteId, visitor],
      ),

    /** Comments stored before they were analysed: read lazily with their results. */
    unanalysedComments: (surveyId: string, limit: number): Promise<{ id: string; comment: string }[]> =>
      pg.rows<{ id: string; comment: string }>('SELECT id, comment FROM survey_answers WHERE survey_id = $1 AND lang IS NULL AND comment IS NOT NULL LIMIT $2', [surveyId, limit]),
    saveCommentLabels: (rows: (CommentLabels & { id: string })[]): Promise<void> =>
      pg.tx(async (c) => {
        for (const r of rows) await pg.run('UPDATE survey_answers SET lang = $1, sentiment = $2, themes = $3 WHERE id = $4', [r.lang, r.sentiment, JSON.stringify(r.themes), r.id], c);
      }),
    /** A researcher's labels replace the computed ones; null when there is no such answer or it has no comment. */
    correctAnswer: (id: string, change: { sentiment?: Sentiment | undefined; themes?: CommentTheme[] | undefined }, at: number) =>
      pg.tx(async (c) => {
        // FOR UPDATE: two researchers correcting at once each start from the other's result.
        const row = await pg.row<{ site_id: number; survey_id: string; comment: string | null; sentiment: Sentiment | null; themes: string }>(
          'SELECT site_id, survey_id, comment, sentiment, themes FROM survey_answers WHERE id = $1 FOR UPDATE', [id], c,
        );
        if (!row) return { outcome: 'not_found' as const };
        if (row.comment === null || row.sentiment === null) return { outcome: 'no_comment' as const, siteId: row.site_id };
        const after = { sentiment: change.sentiment ?? row.sentiment, themes: [...new Set(change.themes ?? (JSON.parse(row.themes) as CommentTheme[]))] };
        await pg.run('UPDATE survey_answers SET sentiment = $1, themes = $2, corrected_at = $3 WHERE id = $4', [after.sentiment, JSON.stringify(after.themes), at, id], c);
        return { outcome: 'corrected' as const, siteId: row.site_id, surveyId: row.survey_id, before: { sentiment: row.sentiment, themes: JSON.parse(row.themes) as CommentTheme[] }, after };
      }),
    /** The site's corrected answers, oldest correction first: what its comment model learns from. */
    async corrections(siteId: number): Promise<CorrectedAnswer[]> {
      const rows = await pg.rows<{ comment: string; sentiment: Sentiment; themes: string }>(
        'SELECT comment, sentiment, themes FROM survey_answers WHERE site_id = $1 AND corrected_at IS NOT NULL AND comment IS NOT NULL ORDER BY corrected_at, rowid', [siteId],
      );
      return rows.map((r) => ({ comment: r.comment, sentiment: r.sentiment, themes: JSON.parse(r.themes) as CommentTheme[] }));
    },
    /** Changes whenever the site's corrections do (a new one, or one erased with its answer). */
    async correctionStamp(siteId: number): Promise<string> {
      const { n, last } = (await pg.row<{ n: number; last: number | null }>(
        'SELECT count(*) AS n, max(corrected_at) AS last FROM survey_answers WHERE site_id = $1 AND corrected_at IS NOT NULL', [siteId],
      ))!;
      return `${n}:${last ?? 0}`;
    },

    async surveyResultRows(surveyId: string, f: ResultsFilter, only: AnswerFilter = {}) {
      // GROUP BY results in key order, as SQLite's sorter gives them.
      const [shown, dismissed, counts, byDay, rawAnswers, commented, byTheme] = await Promise.all([
        count('w', surveyId, f, (w) => `SELECT count(*) AS n FROM survey_shows w WHERE ${w}`),
        count('a', surveyId, f, (w) => `SELECT count(*) AS n FROM survey_answers a WHERE ${w} AND a.score IS NULL`),
        results<{ score: number; count: number }>('a', surveyId, f, (w) =>
          `SELECT a.score, count(*) AS count FROM survey_answers a WHERE ${w} AND a.score IS NOT NULL GROUP BY a.score ORDER BY a.score`),
        results<{ day: string; score: number; count: number }>('a', surveyId, f, (w) =>
          `SELECT to_char(to_timestamp(a.ts / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, a.score, count(*) AS count FROM survey_answers a
           WHERE ${w} AND a.score IS NOT NULL GROUP BY day, a.score ORDER BY day, a.score`),
        results<Omit<AnswerRow, 'replayOffset' | 'themes' | 'corrected'> & { started: number | null; themes: string; corrected_at: number | null }>('a', surveyId, f, (w, p) => {
          const narrow = [
            ...(only.sentiment ? [`a.sentiment = ${p.add(only.sentiment)}`] : []),
            ...(only.theme ? [`EXISTS (SELECT 1 FROM ${themesOf('a')} WHERE j.value = ${p.add(only.theme)})`] : []),
          ].map((t) => ` AND ${t}`).join('');
          // Ties of time newest stored first, as SQLite reads its (survey_id, ts) index backwards.
          return `SELECT a.id, a.survey_id AS survey, v.kind, a.score, a.comment, a.ts, a.url, a.device, a.session_id AS session, s.started_at AS started,
               a.lang, a.sentiment, a.themes, a.corrected_at
             FROM survey_answers a JOIN surveys v ON v.id = a.survey_id LEFT JOIN sessions s ON s.id = a.session_id
             WHERE ${w} AND a.score IS NOT NULL${narrow} ORDER BY a.ts DESC, a.rowid DESC LIMIT 200`;
        }),
        count('a', surveyId, f, (w) => `SELECT count(*) AS n FROM survey_answers a WHERE ${w} AND a.score IS NOT NULL AND a.sentiment IS NOT NULL`),
        results<{ theme: CommentTheme; sentiment: Sentiment; count: number }>('a', surveyId, f, (w) =>
          `SELECT j.value AS theme, a.sentiment, count(*) AS count FROM survey_answers a, ${themesOf('a')}
           WHERE ${w} AND a.score IS NOT NULL AND a.sentiment IS NOT NULL GROUP BY j.value, a.sentiment`),
      ]);
      const answers = rawAnswers.map(({ started, themes, corrected_at, ...a }): AnswerRow => ({
        ...a, session: started === null ? null : a.session, replayOffset: started === null ? null : Math.max(0, a.ts - started),
        themes: JSON.parse(themes) as CommentTheme[], corrected: corrected_at !== null,
      }));
      return { shown, dismissed, counts, byDay, answers, commented, themes: themeSummaries(byTheme, commented) };
    },

    async setWebhook(siteId: number, url: string | null): Promise<void> {
      await pg.run('UPDATE sites SET webhook_url = $1 WHERE id = $2', [url, siteId]);
    },
    webhookOf: async (siteId: number): Promise<string | null> =>
      (await pg.row<{ webhook_url: string | null }>('SELECT webhook_url FROM sites WHERE id = $1', [siteId]))?.webhook_url ?? null,
    dueWebhooks: (now: number, limit = 20): Promise<WebhookJob[]> => pg.rows<WebhookJob & Record<string, unknown>>(DUE, [now, [], limit]),
    /** Webhook calls owed, due or waiting for a retry: the queue depth /metrics shows. */
    pendingWebhookDeliveries: async (): Promise<number> => (await pg.row<{ n: number }>('SELECT count(*) AS n FROM webhook_deliveries'))!.n,
    /** Of those, the ones that failed at least once and wait for their next attempt. */
    retryingWebhookDeliveries: async (): Promise<number> => (await pg.row<{ n: number }>('SELECT count(*) AS n FROM webhook_deliveries WHERE attempts > 0'))!.n,
    /** Due calls of sites other than `busySites` (whose calls are under way), so a backlog of one site cannot hide the others'. */
    dueWebhooksExcept: (now: number, busySites: string[], limit = 20): Promise<WebhookJob[]> => pg.rows<WebhookJob & Record<string, unknown>>(DUE, [now, busySites, limit]),
    async webhookDelivered(answerId: string): Promise<void> {
      await pg.run('DELETE FROM webhook_deliveries WHERE answer_id = $1', [answerId]);
    },
    async webhookFailed(answerId: string, nextAt: number | null, error: string): Promise<void> {
      if (nextAt === null) await pg.run('DELETE FROM webhook_deliveries WHERE answer_id = $1', [answerId]);
      else await pg.run('UPDATE webhook_deliveries SET attempts = attempts + 1, next_at = $1, last_error = $2 WHERE answer_id = $3', [nextAt, error.slice(0, 200), answerId]);
    },
  } satisfies Async<ReturnType<typeof surveysStore>>;
}
