// Erasure: rows go in one transaction (secure_delete zeroes them), then the WAL is
// checkpointed and truncated so no old copy of an erased page survives there either.
import { checkpoint, type Db } from './db.ts';
import { tombstoneKey } from './tombstone.ts';
import { HOUR_MS } from '../heatmap/hour-tile.ts';
import { hourKeyId, type HeatmapHoursStore, type HourKey } from './heatmap-hours.ts';

export interface ErasureCounts { sessions: number; chunks: number; pageViews: number; clicks: number; surveyAnswers: number; visitors: number }

export function eraseStore(db: Db, hours: HeatmapHoursStore) {
  const countChunks = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM chunks WHERE session_id = ?');
  const countPageViews = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM page_views WHERE session_id = ?');
  const countClicks = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM clicks WHERE session_id = ?');
  const deleteChunks = db.prepare('DELETE FROM chunks WHERE session_id = ?');
  const deletePageViews = db.prepare('DELETE FROM page_views WHERE session_id = ?');
  const deleteClicks = db.prepare('DELETE FROM clicks WHERE session_id = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id = ?');
  const addTombstone = db.prepare('INSERT OR IGNORE INTO tombstones (session_id, erased_at) VALUES (?, ?)');
  const sessionsOfVisitor = db.prepare<[number, string], { id: string }>('SELECT id FROM sessions WHERE site_id = ? AND visitor_id = ?');
  const deleteVisitor = db.prepare('DELETE FROM visitors WHERE site_id = ? AND id = ?');
  const sitesOfVisitor = db.prepare<[string], { site_id: number }>('SELECT site_id FROM visitors WHERE id = ?');
  // Answers and shows are erased with their session, and with their visitor: surveys-only
  // consent leaves answers with a visitor but no session.
  const deleteSessionAnswers = db.prepare('DELETE FROM survey_answers WHERE session_id = ?');
  const deleteSessionShows = db.prepare('DELETE FROM survey_shows WHERE session_id = ?');
  const deleteVisitorAnswers = db.prepare('DELETE FROM survey_answers WHERE site_id = ? AND visitor_id = ?');
  const deleteVisitorShows = db.prepare('DELETE FROM survey_shows WHERE site_id = ? AND visitor_id = ?');
  const deleteOldAnswers = db.prepare('DELETE FROM survey_answers WHERE site_id = ? AND ts < ?');
  const deleteOldShows = db.prepare('DELETE FROM survey_shows WHERE site_id = ? AND ts < ?');
  // The heatmap hours a session counts in, recomputed once its rows are gone.
  const hoursOfSession = db.prepare<[string, string], HourKey>(
    `SELECT site_id AS siteId, page, device, CAST(ts / ${HOUR_MS} AS INTEGER) AS hour FROM clicks WHERE session_id = ?
     UNION SELECT site_id, page, device, CAST(ts / ${HOUR_MS} AS INTEGER) FROM page_views WHERE session_id = ?`,
  );
  const sessionOwner = db.prepare<[string], { site_id: number; visitor_id: string }>('SELECT site_id, visitor_id FROM sessions WHERE id = ?');

  function eraseSessionRows(id: string, counts: ErasureCounts, touched: Map<string, HourKey>): void {
    for (const key of hoursOfSession.all(id, id)) touched.set(hourKeyId(key), key);
    counts.chunks += countChunks.get(id)?.n ?? 0;
    counts.pageViews += countPageViews.get(id)?.n ?? 0;
    counts.clicks += countClicks.get(id)?.n ?? 0;
    deleteClicks.run(id);
    deletePageViews.run(id);
    deleteChunks.run(id);
    counts.surveyAnswers += deleteSessionAnswers.run(id).changes;
    deleteSessionShows.run(id);
    counts.sessions += deleteSession.run(id).changes;
    addTombstone.run(tombstoneKey(id), Date.now());
  }

  const zero = (): ErasureCounts => ({ sessions: 0, chunks: 0, pageViews: 0, clicks: 0, surveyAnswers: 0, visitors: 0 });

  /** Runs `erase` with a set of touched heatmap hours, then recomputes them, all in the caller's transaction. */
  function keepingHeatmapsTrue<T>(erase: (touched: Map<string, HourKey>) => T): T {
    const touched = new Map<string, HourKey>();
    const result = erase(touched);
    hours.recomputeHours(touched.values());
    return result;
  }

  const eraseSessionTx = db.transaction((id: string): ErasureCounts =>
    keepingHeatmapsTrue((touched) => {
      const counts = zero();
      eraseSessionRows(id, counts, touched);
      return counts;
    }),
  );

  const eraseVisitorTx = db.transaction((siteId: number, visitor: string, alsoSession?: string): ErasureCounts =>
    keepingHeatmapsTrue((touched) => {
      const counts = zero();
      for (const { id } of sessionsOfVisitor.all(siteId, visitor)) eraseSessionRows(id, counts, touched);
      // A revoke can arrive before the session's first chunk: tombstone it anyway.
      if (alsoSession) {
        const own = sessionOwner.get(alsoSession);
        if (!own || (own.site_id === siteId && own.visitor_id === visitor)) eraseSessionRows(alsoSession, counts, touched);
      }
      counts.surveyAnswers += deleteVisitorAnswers.run(siteId, visitor).changes;
      deleteVisitorShows.run(siteId, visitor);
      counts.visitors += deleteVisitor.run(siteId, visitor).changes;
      return counts;
    }),
  );

  const sessionsBefore = db.prepare<[number, number], { id: string }>('SELECT id FROM sessions WHERE site_id = ? AND last_at < ?');
  const deleteIdleVisitors = db.prepare(
    'DELETE FROM visitors WHERE site_id = ? AND last_seen < ? AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = visitors.site_id AND s.visitor_id = visitors.id)',
  );
  const expireTx = db.transaction((siteId: number, cutoff: number): ErasureCounts =>
    keepingHeatmapsTrue((touched) => {
      const counts = zero();
      for (const { id } of sessionsBefore.all(siteId, cutoff)) eraseSessionRows(id, counts, touched);
      counts.surveyAnswers += deleteOldAnswers.run(siteId, cutoff).changes;
      deleteOldShows.run(siteId, cutoff);
      counts.visitors += deleteIdleVisitors.run(siteId, cutoff).changes;
      return counts;
    }),
  );

  const eraseEverywhereTx = db.transaction((visitor: string): ErasureCounts => {
    const total = zero();
    for (const { site_id } of sitesOfVisitor.all(visitor)) {
      const counts = eraseVisitorTx(site_id, visitor);
      for (const k of Object.keys(total) as (keyof ErasureCounts)[]) total[k] += counts[k];
    }
    return total;
  });

  return {
    /** Everything on a visitor id in every site (the privacy desk and the CLI). */
    eraseVisitorEverywhere(visitor: string): ErasureCounts {
      const counts = eraseEverywhereTx(visitor);
      checkpoint(db);
      return counts;
    },
    /** Retention: everything of a site whose last activity is before `cutoff`, erased like any erasure. */
    expireBefore(siteId: number, cutoff: number): ErasureCounts {
      const counts = expireTx(siteId, cutoff);
      if (counts.sessions || counts.visitors || counts.surveyAnswers) checkpoint(db);
      return counts;
    },
    eraseSession(id: string): ErasureCounts {
      const counts = eraseSessionTx(id);
      checkpoint(db);
      return counts;
    },
    /** Everything on one visitor of one site; `session` is tombstoned even if no chunk of it arrived yet. */
    eraseVisitor(siteId: number, visitor: string, session?: string): ErasureCounts {
      const counts = eraseVisitorTx(siteId, visitor, session);
      checkpoint(db);
      return counts;
    },
  };
}
