// Saved segments: a name for a set of sessions-list filters, per site.
import type { Db } from './db.ts';
import type { Segment, SessionFilters } from '../../contract/schemas/index.ts';

interface SegmentRow { id: number; site: string; name: string; filters: string; created_by: string; created_at: number }

export function segmentsStore(db: Db) {
  const insert = db.prepare<[number, string, string, string, number]>('INSERT INTO segments (site_id, name, filters, created_by, created_at) VALUES (?, ?, ?, ?, ?)');
  const ofSite = db.prepare<[number], SegmentRow>(
    `SELECT g.id, st.key AS site, g.name, g.filters, g.created_by, g.created_at FROM segments g JOIN sites st ON st.id = g.site_id
     WHERE g.site_id = ? ORDER BY g.name, g.id LIMIT 500`,
  );
  return {
    /** `filters`: already checked against SessionFilters, kept as parsed. */
    addSegment: (s: { siteId: number; name: string; filters: SessionFilters; createdBy: string; now?: number }): number =>
      Number(insert.run(s.siteId, s.name, JSON.stringify(s.filters), s.createdBy, s.now ?? Date.now()).lastInsertRowid),
    segmentsOf: (siteId: number): Segment[] =>
      ofSite.all(siteId).map((r) => ({ id: r.id, site: r.site, name: r.name, filters: JSON.parse(r.filters) as SessionFilters, createdBy: r.created_by, createdAt: r.created_at })),
  };
}
