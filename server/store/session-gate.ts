// Whether a write may name a session: not one that was erased or revoked (its tombstone
// holds a hash of the id), not one of a visitor who was erased or revoked, and not another
// visitor's or site's. Chunks and survey answers ask the same questions, inside the
// transaction that writes them, so an erasure that answered first always wins.
import type { Db } from './db.ts';
import { tombstoneKey, visitorTombstoneKey } from './tombstone.ts';

export function sessionGate(db: Db) {
  const tombstone = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM tombstones WHERE session_id = ?');
  const visitorTombstone = db.prepare<[string, string, number], { n: number }>(
    'SELECT 1 AS n FROM visitor_tombstones WHERE key IN (?, ?) AND (expires_at IS NULL OR expires_at > ?)',
  );
  const owner = db.prepare<[string], { site_id: number; visitor_id: string }>('SELECT site_id, visitor_id FROM sessions WHERE id = ?');
  return {
    isErased: (session: string): boolean => tombstone.get(tombstoneKey(session)) !== undefined,
    isVisitorErased: (siteId: number, visitor: string, now = Date.now()): boolean =>
      visitorTombstone.get(visitorTombstoneKey(siteId, visitor), visitorTombstoneKey(null, visitor), now) !== undefined,
    /** The session exists and belongs to another site or visitor. */
    isForeign(session: string, siteId: number, visitor: string | null): boolean {
      const own = owner.get(session);
      return own !== undefined && (own.site_id !== siteId || own.visitor_id !== visitor);
    },
  };
}
