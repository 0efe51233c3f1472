// Saved segments on PostgreSQL: a name for a set of sessions-list filters, per site.
import type { Pg } from './db.ts';
import type { Segment, SessionFilters } from '../../../contract/schemas/index.ts';
import type { StoreNamespaces } from '../contract.ts';

interface SegmentRow { id: number; site: string; name: string; filters: string; created_by: string; created_at: number }

export function pgSegmentsStore(pg: Pg) {
  return {
    /** `filters`: already checked against SessionFilters, kept as parsed. */
    addSegment: async (s: { siteId: number; name: string; filters: SessionFilters; createdBy: string; now?: number }): Promise<number> =>
      (await pg.row<{ id: number }>('INSERT INTO segments (site_id, name, filters, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id', [
        s.siteId, s.name, JSON.stringify(s.filters), s.createdBy, s.now ?? Date.now(),
      ]))!.id,
    //: names sort by bytes, as SQLite's do, whatever the database's locale.
    segmentsOf: async (siteId: number): Promise<Segment[]> =>
      (
        await pg.rows<SegmentRow>(
          `SELECT g.id, st.key AS site, g.name, g.filters, g.created_by, g.created_at FROM segments g JOIN sites st ON st.id = g.site_id
           WHERE g.site_id = $1 ORDER BY g.name, g.id LIMIT 500`,
          [siteId],
        )
      ).map((r) => ({ id: r.id, site: r.site, name: r.name, filters: JSON.parse(r.filters) as SessionFilters, createdBy: r.created_by, createdAt: r.created_at })),
  } satisfies StoreNamespaces['segments'];
}
