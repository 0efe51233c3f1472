// Whether a write may name a session, on PostgreSQL: the SQLite gate's three questions
// (session-gate.ts there), asked on the writing transaction's client (`on`) so the answer
// and the write share one transaction. That an erasure answering first always wins also
// needs the erasure locks (erasure-locks.ts): read committed sees only committed tombstones.
import type { Pg, Queryable } from './db.ts';
import { tombstoneKey, visitorTombstoneKey } from '../tombstone.ts';
import type { sessionGate } from '../session-gate.ts';

// Each question once, as SQL over its parameters; the chunk writer asks them together.
const ERASED = (session: string) => `EXISTS (SELECT 1 FROM tombstones WHERE session_id = ${session})`;
const VISITOR_ERASED = (site: string, everywhere: string, now: string) =>
  `EXISTS (SELECT 1 FROM visitor_tombstones WHERE key IN (${site}, ${everywhere}) AND (expires_at IS NULL OR expires_at > ${now}))`;
const OWNER = 'SELECT site_id, visitor_id FROM sessions WHERE id = $1';
const visitorKeys = (siteId: number, visitor: string) => [visitorTombstoneKey(siteId, visitor), visitorTombstoneKey(null, visitor)];
const isForeignOwner = (own: { site_id: number | null; visitor_id: string | null } | undefined, siteId: number, visitor: string | null) =>
  own !== undefined && own.site_id !== null && (own.site_id !== siteId || own.visitor_id !== visitor);

export function pgSessionGate(pg: Pg) {
  return {
    isErased: async (session: string, on?: Queryable): Promise<boolean> =>
      (await pg.row<{ yes: boolean }>(`SELECT ${ERASED('$1')} AS yes`, [tombstoneKey(session)], on))!.yes,
    isVisitorErased: async (siteId: number, visitor: string, now = Date.now(), on?: Queryable): Promise<boolean> =>
      (await pg.row<{ yes: boolean }>(`SELECT ${VISITOR_ERASED('$1', '$2', '$3')} AS yes`, [...visitorKeys(siteId, visitor), now], on))!.yes,
    /** The session exists and belongs to another site or visitor. */
    isForeign: async (session: string, siteId: number, visitor: string | null, on?: Queryable): Promise<boolean> =>
      isForeignOwner(await pg.row<{ site_id: number; visitor_id: string }>(OWNER, [session], on), siteId, visitor),
  } satisfies Record<keyof ReturnType<typeof sessionGate>, unknown>;
}

export type PgSessionGate = ReturnType<typeof pgSessionGate>;

/**
 * What the chunk writer asks before it writes a chunk, in one round trip: the gate's three
 * questions and the hash of a chunk already stored under this sequence number, if any.
 */
export async function chunkGate(pg: Pg, on: Queryable, c: { siteId: number; session: string; visitor: string; seq: number }) {
  const r = (await pg.row<{ erased: boolean; visitor_erased: boolean; prior: Buffer | null; site_id: number | null; visitor_id: string | null }>(
    `SELECT ${ERASED('$2')} AS erased, ${VISITOR_ERASED('$3', '$4', '$5')} AS visitor_erased,
       (SELECT hash FROM chunks WHERE session_id = $1 AND seq = $6) AS prior, o.site_id, o.visitor_id
     FROM (SELECT 1) one LEFT JOIN (${OWNER}) o ON true`,
    [c.session, tombstoneKey(c.session), ...visitorKeys(c.siteId, c.visitor), Date.now(), c.seq], on,
  ))!;
  return { erased: r.erased, visitorErased: r.visitor_erased, prior: r.prior, foreign: isForeignOwner(r, c.siteId, c.visitor) };
}
