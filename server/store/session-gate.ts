// Whether a write may name a session: not one that was erased or revoked (its tombstone
// holds a hash of the id), and not another visitor's or site's. Chunks and survey
// answers ask the same two questions.
import type { Db } from './db.ts';
import { tombstoneKey } from './tombstone.ts';

export function sessionGate(db: Db) {
  const tombstone = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM tombstones WHERE session_id = ?');
  const owner = db.prepare<[string], { site_id: number; visitor_id: string }>('SELECT site_id, visitor_id FROM sessions WHERE id = ?');
  return {
    isErased: (session: string): boolean => tombstone.get(tombstoneKey(session)) !== undefined,
    /** The session exists and belongs to another site or visitor. */
    isForeign(session: string, siteId: number, visitor: string | null): boolean {
      const own = owner.get(session);
      return own !== undefined && (own.site_id !== siteId || own.visitor_id !== visitor);
    },
  };
}
