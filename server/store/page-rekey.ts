// Re-keys a site's stored pages after its pageQueryKeys change, a batch per call, so
// `/demo?page=account` stops sharing a heatmap with `/demo` for the data already
// recorded too, not only for what arrives next. Each batch is one transaction that
// moves page views with their clicks, recomputes the heatmap hours they left and
// joined, and records how far the pass got (sites.page_rekey), so a restart resumes.
// Ingest keys new rows by the keys read in its own transaction: rows written during
// the pass are already right, and the pass only moves rows whose key differs.
import type { Db } from './db.ts';
import { HOUR_MS } from '../heatmaps/hour-tile.ts';
import { pageKey } from '../heatmaps/page-key.ts';
import { hourKeyId, type HeatmapHoursStore, type HourKey } from './heatmap-hours.ts';

const TABLES = ['page_views', 'survey_answers', 'survey_shows'] as const;
type Table = (typeof TABLES)[number];
interface Progress { table: Table; after: number }

/** Rows per transaction: short enough that ingest waits a few milliseconds at most. */
export const REKEY_BATCH = 500;

export function pageRekeyStore(db: Db, hours: HeatmapHoursStore) {
  const keysOf = db.prepare<[number], string>('SELECT page_query_keys FROM sites WHERE id = ?').pluck();
  const progressOf = db.prepare<[number], string | null>('SELECT page_rekey FROM sites WHERE id = ?').pluck();
  const setProgress = db.prepare<[string | null, number]>('UPDATE sites SET page_rekey = ? WHERE id = ?');
  const pending = db.prepare<[], number>('SELECT id FROM sites WHERE page_rekey IS NOT NULL').pluck();

  const views = db.prepare<[number, number, number], { rowid: number; session: string; pv: number; url: string; page: string; device: string; ts: number }>(
    'SELECT rowid, session_id AS session, pv, url, page, device, ts FROM page_views WHERE site_id = ? AND rowid > ? ORDER BY rowid LIMIT ?',
  );
  const moveView = db.prepare<[string, string, number]>('UPDATE page_views SET page = ? WHERE session_id = ? AND pv = ?');
  const clickHours = db.prepare<[string, number], number>(`SELECT DISTINCT CAST(ts / ${HOUR_MS} AS INTEGER) FROM clicks WHERE session_id = ? AND pv = ?`).pluck();
  const moveClicks = db.prepare<[string, string, number]>('UPDATE clicks SET page = ? WHERE session_id = ? AND pv = ?');

  // Answers and showings kept only their page key; the session's page view at that
  // moment still holds the URL, so they follow it. Without a session (surveys consented,
  // replay not) the old key is all there is: undeclared parameters leave it, none can join.
  const surveyRows = (table: 'survey_answers' | 'survey_shows') =>
    db.prepare<[number, number, number], { rowid: number; session: string | null; page: string; ts: number }>(
      `SELECT rowid, session_id AS session, page, ts FROM ${table} WHERE site_id = ? AND rowid > ? ORDER BY rowid LIMIT ?`,
    );
  const answers = surveyRows('survey_answers');
  const shows = surveyRows('survey_shows');
  const viewAt = db.prepare<[string, number], string>('SELECT url FROM page_views WHERE session_id = ? AND ts <= ? ORDER BY ts DESC, pv DESC LIMIT 1').pluck();
  // An answer's url holds its page key (the full URL is never kept), so both move together.
  const moveAnswer = db.prepare<[string, string, number]>('UPDATE survey_answers SET page = ?, url = ? WHERE rowid = ?');
  const moveShow = db.prepare<[string, number]>('UPDATE survey_shows SET page = ? WHERE rowid = ?');

  function rekeyViews(siteId: number, keys: string[], after: number): number | null {
    const rows = views.all(siteId, after, REKEY_BATCH);
    const touched = new Map<string, HourKey>();
    const touch = (page: string, device: string, hour: number) => {
      const key = { siteId, page, device, hour };
      touched.set(hourKeyId(key), key);
    };
    for (const r of rows) {
      const page = pageKey(r.url, keys);
      if (page === r.page) continue;
      for (const hour of [Math.floor(r.ts / HOUR_MS), ...clickHours.all(r.session, r.pv)]) {
        touch(r.page, r.device, hour);
        touch(page, r.device, hour);
      }
      moveView.run(page, r.session, r.pv);
      moveClicks.run(page, r.session, r.pv);
    }
    hours.recomputeHours(touched.values());
    return rows.length < REKEY_BATCH ? null : rows[rows.length - 1]!.rowid;
  }

  function rekeySurveyRows(table: 'survey_answers' | 'survey_shows', siteId: number, keys: string[], after: number): number | null {
    const rows = (table === 'survey_answers' ? answers : shows).all(siteId, after, REKEY_BATCH);
    for (const r of rows) {
      const url = r.session ? viewAt.get(r.session, r.ts) : undefined;
      // The page view is the answer's page only if it has the same path (an SPA may have moved on since).
      const source = url !== undefined && pageKey(url) === pageKey(r.page) ? url : r.page;
      const page = pageKey(source, keys);
      if (page !== r.page) {
        if (table === 'survey_answers') moveAnswer.run(page, page, r.rowid);
        else moveShow.run(page, r.rowid);
      }
    }
    return rows.length < REKEY_BATCH ? null : rows[rows.length - 1]!.rowid;
  }

  /** One batch of the site's pass; false once the pass is done (or there was none). */
  const step = db.transaction((siteId: number): boolean => {
    const raw = progressOf.get(siteId);
    if (raw === null || raw === undefined) return false;
    const at = JSON.parse(raw) as Progress;
    const keys = JSON.parse(keysOf.get(siteId) ?? '[]') as string[];
    const after = at.table === 'page_views' ? rekeyViews(siteId, keys, at.after) : rekeySurveyRows(at.table, siteId, keys, at.after);
    const nextTable = TABLES[TABLES.indexOf(at.table) + 1];
    const next: Progress | null = after !== null ? { table: at.table, after } : nextTable ? { table: nextTable, after: 0 } : null;
    setProgress.run(next && JSON.stringify(next), siteId);
    return next !== null;
  });

  return {
    /** Starts (or restarts, after another change) the site's pass from its first row. */
    startRekey(siteId: number): void {
      setProgress.run(JSON.stringify({ table: 'page_views', after: 0 } satisfies Progress), siteId);
    },
    rekeyStep: (siteId: number): boolean => step.immediate(siteId),
    /** Sites whose pass has not finished, e.g. when the server stopped during one. */
    sitesRekeying: (): number[] => pending.all(),
  };
}

export type PageRekeyStore = ReturnType<typeof pageRekeyStore>;
