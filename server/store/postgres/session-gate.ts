// Whether a write may name a session, on PostgreSQL: the SQLite gate's three questions
// (session-gate.ts there), asked on the writing transaction's client (`on`) so the answer
// and the write share one transaction. That an erasure answering first always wins also
// needs the erasure locks (erasure-locks.ts): read committed sees only committed tombstones.
import type { Pg, Queryable } from './db.ts';
import { tombstoneKey, visitorTombstoneKey } from '../tombstone.ts';
import type { sessionGate } from '../session-gate.ts';

export function pgSessionGate(pg: Pg) {
  return {
    isErased: async (session: string, on?: Queryable): Promise<boolean> =>
      (await pg.row('SELECT 1 AS n FROM tombstones WHERE session_id = $1', [tombstoneKey(session)], on)) !== undefined,
    isVisitorErased: async (siteId: number, visitor: string, now = Date.now(), on?: Queryable): Promise<boolean> =>
      (await pg.row(
        'SELECT 1 AS n FROM visitor_tombstones WHERE key IN ($1, $2) AND (expires_at IS NULL OR expires_at > $3)',
        [visitorTombstoneKey(siteId, visitor), visitorTombstoneKey(null, visitor), now], on,
      )) !== undefined,
    /** The session exists and belongs to another site or visitor. */
    async isForeign(session: string, siteId: number, visitor: string | null, on?: Queryable): Promise<boolean> {
      const own = await pg.row<{ site_id: number; visitor_id: string }>('SELECT site_id, visitor_id FROM sessions WHERE id = $1', [session], on);
      return own !== undefined && (own.site_id !== siteId || own.visitor_id !== visitor);
    },
  } satisfies Record<keyof ReturnType<typeof sessionGate>, unknown>;
}

export type PgSessionGate = ReturnType<typeof pgSessionGate>;
