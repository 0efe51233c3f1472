// Erasure: rows go in one transaction (secure_delete zeroes them), then the WAL is
// checkpointed and truncated so no old copy of an erased page survives there either.
import { checkpoint, type Db } from './db.ts';
import { tombstoneKey, visitorTombstoneKey } from './tombstone.ts';
import { HOUR_MS } from '../heatmaps/hour-tile.ts';
import { hourKeyId, type HeatmapHoursStore, type HourKey } from './heatmap-hours.ts';
import { assetErasure } from './assets.ts';

export type { ErasureCounts } from '../../contract/schemas/index.ts';
import type { ErasureCounts } from '../../contract/schemas/index.ts';

export interface RevokeOptions {
  /**
   * How long the tombstone of a visitor on whom nothing was held is kept: long enough for
   * chunks already on their way to be refused (a request may take 30 s, its scan and
   * commit some more), and no longer, so that revoking ids no one ever used does not
   * grow the database without bound: at most the revoke rate limit times this.
   */
  unheldTtlMs?: number;
  now?: number;
}

export const UNHELD_TOMBSTONE_MS = 60 * 60 * 1000;

export const heldAnything = (c: ErasureCounts): boolean => c.sessions + c.surveyAnswers + c.visitors > 0;

export function eraseStore(db: Db, hours: HeatmapHoursStore) {
  const countChunks = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM chunks WHERE session_id = ?');
  const countPageViews = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM page_views WHERE session_id = ?');
  const countClicks = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM clicks WHERE session_id = ?');
  const deleteChunks = db.prepare('DELETE FROM chunks WHERE session_id = ?');
  const deletePageViews = db.prepare('DELETE FROM page_views WHERE session_id = ?');
  const deleteClicks = db.prepare('DELETE FROM clicks WHERE session_id = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE id = ?');
  const deleteNotes = db.prepare('DELETE FROM notes WHERE session_id = ?');
  // Tags and tracked names say what a visit did: they go with it (named here, not left to the cascade).
  const deleteTags = db.prepare('DELETE FROM session_tags WHERE session_id = ?');
  const deleteTracks = db.prepare('DELETE FROM session_events WHERE session_id = ?');
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
  // A tombstone once kept stays kept; of two expiring ones the later expiry wins.
  const addVisitorTombstone = db.prepare<[string, number, number | null]>(
    `INSERT INTO visitor_tombstones (key, erased_at, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET erased_at = excluded.erased_at,
       expires_at = CASE WHEN expires_at IS NULL OR excluded.expires_at IS NULL THEN NULL ELSE max(expires_at, excluded.expires_at) END`,
  );
  const dropExpiredTombstones = db.prepare<[number]>('DELETE FROM visitor_tombstones WHERE expires_at <= ?');
  const eraseSessionAssets = assetErasure(db);

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
    eraseSessionAssets(id);
    counts.notes += deleteNotes.run(id).changes;
    deleteTags.run(id);
    deleteTracks.run(id);
    counts.sessions += deleteSession.run(id).changes;
    addTombstone.run(tombstoneKey(id), Date.now());
  }

  const zero = (): ErasureCounts => ({ sessions: 0, chunks: 0, pageViews: 0, clicks: 0, surveyAnswers: 0, visitors: 0, notes: 0 });

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

  function eraseVisitorRows(siteId: number, visitor: string, counts: ErasureCounts, touched: Map<string, HourKey>): void {
    for (const { id } of sessionsOfVisitor.all(siteId, visitor)) eraseSessionRows(id, counts, touched);
    counts.surveyAnswers += deleteVisitorAnswers.run(siteId, visitor).changes;
    deleteVisitorShows.run(siteId, visitor);
    counts.visitors += deleteVisitor.run(siteId, visitor).changes;
  }

  // The visitor's tombstone is written in the erasure's own transaction: a chunk committed
  // after it (though scanned before it) checks the tombstone in its transaction and is refused.
  const eraseVisitorTx = db.transaction((siteId: number, visitor: string, o: RevokeOptions): ErasureCounts =>
    keepingHeatmapsTrue((touched) => {
      const now = o.now ?? Date.now();
      const counts = zero();
      eraseVisitorRows(siteId, visitor, counts, touched);
      dropExpiredTombstones.run(now);
      addVisitorTombstone.run(visitorTombstoneKey(siteId, visitor), now, heldAnything(counts) ? null : now + (o.unheldTtlMs ?? UNHELD_TOMBSTONE_MS));
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
      // Also where no revoke comes along to clear them.
      dropExpiredTombstones.run(Date.now());
      return counts;
    }),
  );

  // One tombstone for every site: also the sites where a chunk of the visitor is still
  // on its way and nothing is held yet.
  const eraseEverywhereTx = db.transaction((visitor: string): ErasureCounts =>
    keepingHeatmapsTrue((touched) => {
      const counts = zero();
      for (const { site_id } of sitesOfVisitor.all(visitor)) eraseVisitorRows(site_id, visitor, counts, touched);
      addVisitorTombstone.run(visitorTombstoneKey(null, visitor), Date.now(), null);
      return counts;
    }),
  );

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
    /** Everything on one visitor of one site (a revoke); the visitor is tombstoned even if nothing of it arrived yet. */
    eraseVisitor(siteId: number, visitor: string, o: RevokeOptions = {}): ErasureCounts {
      const counts = eraseVisitorTx(siteId, visitor, o);
      if (heldAnything(counts)) checkpoint(db);
      return counts;
    },
  };
}
