// Erasure on PostgreSQL: the same rows go, with the same counts, as in ../erase.ts, in one
// transaction with the tombstones and the recomputed heatmap hours.
//
// What "gone" means here. SQLite zeroes a deleted row's bytes (secure_delete) and then
// truncates its WAL; PostgreSQL has no twin of either. A DELETE leaves the row's old
// version in its table and index pages as a dead tuple, invisible to every query once
// the erasure commits, until VACUUM (autovacuum, within minutes on a busy table) marks
// the space free and later writes overwrite it; the WAL segments holding the rows are
// recycled after the next checkpoints, and outlive them in WAL archives and base
// backups for as long as those are kept. The erasure itself runs no VACUUM (VACUUM FULL
// would lock whole tables against ingest on every erasure, and plain VACUUM cannot run
// inside the erasure's transaction): how long erased bytes stay on disk is bounded by
// the operator's autovacuum settings and WAL archive and backup retention.
import type { Pg, Queryable } from './db.ts';
import { lockTombstoneKeys } from './erasure-locks.ts';
import { pgAssetErasure } from './assets.ts';
import { tombstoneKey, visitorTombstoneKey } from '../tombstone.ts';
import { heldAnything, UNHELD_TOMBSTONE_MS, type eraseStore, type RevokeOptions } from '../erase.ts';
import { hourKeyId, type HourKey } from '../heatmap-hours.ts';
import { HOUR_MS } from '../../heatmaps/hour-tile.ts';
import type { Async } from '../contract.ts';
import type { ErasureCounts } from '../../../contract/schemas/index.ts';

/** What erasure needs of the heatmap hours: recomputing some of them on its transaction. */
export interface HourRecompute {
  recomputeHours(keys: Iterable<HourKey>, on: Queryable): Promise<void>;
}

/** Sessions expired per transaction by retention. */
export const EXPIRE_BATCH = 500;

const zero = (): ErasureCounts => ({ sessions: 0, chunks: 0, pageViews: 0, clicks: 0, surveyAnswers: 0, visitors: 0, notes: 0 });

export function pgEraseStore(pg: Pg, hours: HourRecompute) {
  const eraseSessionAssets = pgAssetErasure(pg);

  async function eraseSessionRows(c: Queryable, id: string, counts: ErasureCounts, touched: Map<string, HourKey>): Promise<void> {
    // The heatmap hours the session counts in, recomputed once its rows are gone.
    const keys = await pg.rows<HourKey>(
      `SELECT site_id AS "siteId", page, device, ts / ${HOUR_MS} AS hour FROM clicks WHERE session_id = $1
       UNION SELECT site_id, page, device, ts / ${HOUR_MS} FROM page_views WHERE session_id = $1`, [id], c,
    );
    for (const key of keys) touched.set(hourKeyId(key), key);
    counts.clicks += await pg.run('DELETE FROM clicks WHERE session_id = $1', [id], c);
    counts.pageViews += await pg.run('DELETE FROM page_views WHERE session_id = $1', [id], c);
    counts.chunks += await pg.run('DELETE FROM chunks WHERE session_id = $1', [id], c);
    // Answers and shows are erased with their session, and with their visitor (eraseVisitorRows).
    counts.surveyAnswers += await pg.run('DELETE FROM survey_answers WHERE session_id = $1', [id], c);
    await pg.run('DELETE FROM survey_shows WHERE session_id = $1', [id], c);
    await eraseSessionAssets(id, c);
    counts.notes += await pg.run('DELETE FROM notes WHERE session_id = $1', [id], c);
    // Tags and tracked names say what a visit did: they go with it (named here, not left to the cascade).
    await pg.run('DELETE FROM session_tags WHERE session_id = $1', [id], c);
    await pg.run('DELETE FROM session_events WHERE session_id = $1', [id], c);
    counts.sessions += await pg.run('DELETE FROM sessions WHERE id = $1', [id], c);
    await pg.run('INSERT INTO tombstones (session_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [tombstoneKey(id), Date.now()], c);
  }

  async function eraseVisitorRows(c: Queryable, siteId: number, visitor: string, counts: ErasureCounts, touched: Map<string, HourKey>): Promise<void> {
    const sessions = await pg.rows<{ id: string }>('SELECT id FROM sessions WHERE site_id = $1 AND visitor_id = $2', [siteId, visitor], c);
    for (const { id } of sessions) await eraseSessionRows(c, id, counts, touched);
    counts.surveyAnswers += await pg.run('DELETE FROM survey_answers WHERE site_id = $1 AND visitor_id = $2', [siteId, visitor], c);
    await pg.run('DELETE FROM survey_shows WHERE site_id = $1 AND visitor_id = $2', [siteId, visitor], c);
    counts.visitors += await pg.run('DELETE FROM visitors WHERE site_id = $1 AND id = $2', [siteId, visitor], c);
  }

  // A tombstone once kept stays kept; of two expiring ones the later expiry wins.
  const addVisitorTombstone = (c: Queryable, key: string, at: number, expiresAt: number | null) =>
    pg.run(
      `INSERT INTO visitor_tombstones (key, erased_at, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET erased_at = excluded.erased_at,
         expires_at = CASE WHEN visitor_tombstones.expires_at IS NULL OR excluded.expires_at IS NULL THEN NULL
                           ELSE GREATEST(visitor_tombstones.expires_at, excluded.expires_at) END`,
      [key, at, expiresAt], c,
    );
  const dropExpiredTombstones = (c: Queryable, now: number) => pg.run('DELETE FROM visitor_tombstones WHERE expires_at <= $1', [now], c);

  /** One transaction: `erase` with a set of touched heatmap hours, then those hours recomputed. */
  function keepingHeatmapsTrue(erase: (c: Queryable, touched: Map<string, HourKey>) => Promise<ErasureCounts>): Promise<ErasureCounts> {
    return pg.tx(async (c) => {
      const touched = new Map<string, HourKey>();
      const counts = await erase(c, touched);
      await hours.recomputeHours(touched.values(), c);
      return counts;
    });
  }

  return {
    /** Everything on a visitor id in every site (the privacy desk and the CLI). */
    eraseVisitorEverywhere: (visitor: string): Promise<ErasureCounts> =>
      keepingHeatmapsTrue(async (c, touched) => {
        await lockTombstoneKeys([visitorTombstoneKey(null, visitor)], c);
        const counts = zero();
        const sites = await pg.rows<{ site_id: number }>('SELECT site_id FROM visitors WHERE id = $1', [visitor], c);
        for (const { site_id } of sites) await eraseVisitorRows(c, site_id, visitor, counts, touched);
        // One tombstone for every site: also the sites where a chunk of the visitor is still on its way and nothing is held yet.
        await addVisitorTombstone(c, visitorTombstoneKey(null, visitor), Date.now(), null);
        return counts;
      }),

    /** Retention: everything of a site whose last activity is before `cutoff`, erased like any erasure. */
    // In transactions of EXPIRE_BATCH sessions each: one transaction over every expired
    // session took a lock per session and ran out of shared memory (53200) past ~13,000 of
    // them, failing every hourly run and the chunks written beside it.
    async expireBefore(siteId: number, cutoff: number): Promise<ErasureCounts> {
      const counts = zero();
      for (let more = true; more; ) {
        const part = await keepingHeatmapsTrue(async (c, touched) => {
          const done = zero();
          const old = async (among?: string[]) =>
            (among
              ? await pg.rows<{ id: string }>('SELECT id FROM sessions WHERE id = ANY($1) AND last_at < $2', [among, cutoff], c)
              : await pg.rows<{ id: string }>('SELECT id FROM sessions WHERE site_id = $1 AND last_at < $2 ORDER BY id LIMIT $3', [siteId, cutoff, EXPIRE_BATCH], c)
            ).map((r) => r.id);
          const batch = await old();
          more = batch.length === EXPIRE_BATCH;
          await lockTombstoneKeys(batch.map(tombstoneKey), c);
          // Read again under the locks: a chunk that was being written may have made a session recent.
          for (const id of await old(batch)) await eraseSessionRows(c, id, done, touched);
          return done;
        });
        for (const k of Object.keys(counts) as (keyof ErasureCounts)[]) counts[k] += part[k];
      }
      await pg.tx(async (c) => {
        counts.surveyAnswers += await pg.run('DELETE FROM survey_answers WHERE site_id = $1 AND ts < $2', [siteId, cutoff], c);
        await pg.run('DELETE FROM survey_shows WHERE site_id = $1 AND ts < $2', [siteId, cutoff], c);
        counts.visitors += await pg.run(
          `DELETE FROM visitors WHERE site_id = $1 AND last_seen < $2
           AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = visitors.site_id AND s.visitor_id = visitors.id)`, [siteId, cutoff], c,
        );
        // Also where no revoke comes along to clear them.
        await dropExpiredTombstones(c, Date.now());
      });
      return counts;
    },

    eraseSession: (id: string): Promise<ErasureCounts> =>
      keepingHeatmapsTrue(async (c, touched) => {
        await lockTombstoneKeys([tombstoneKey(id)], c);
        const counts = zero();
        await eraseSessionRows(c, id, counts, touched);
        return counts;
      }),

    /** Everything on one visitor of one site (a revoke); the visitor is tombstoned even if nothing of it arrived yet. */
    eraseVisitor: (siteId: number, visitor: string, o: RevokeOptions = {}): Promise<ErasureCounts> =>
      keepingHeatmapsTrue(async (c, touched) => {
        await lockTombstoneKeys([visitorTombstoneKey(siteId, visitor)], c);
        const now = o.now ?? Date.now();
        const counts = zero();
        await eraseVisitorRows(c, siteId, visitor, counts, touched);
        await dropExpiredTombstones(c, now);
        await addVisitorTombstone(c, visitorTombstoneKey(siteId, visitor), now, heldAnything(counts) ? null : now + (o.unheldTtlMs ?? UNHELD_TOMBSTONE_MS));
        return counts;
      }),
  } satisfies Async<ReturnType<typeof eraseStore>>;
}
