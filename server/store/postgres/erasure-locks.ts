// What makes "an erasure that answered first always wins" hold with several nodes. In
// read committed, a chunk's transaction sees a tombstone only once the erasure committed,
// and an erasure's DELETE misses rows a chunk has not committed yet: both could pass each
// other and leave the chunk's rows behind. So both take these transaction-long locks on
// the tombstone keys involved (the session's, and the visitor's of the site and of every
// site) before they read or write: whichever comes second waits, then sees the other's rows.
import { createHash } from 'node:crypto';
import type { Queryable } from './db.ts';
import { tombstoneKey, visitorTombstoneKey } from '../tombstone.ts';

const lockId = (key: string): bigint => createHash('sha256').update(`erasure-lock\u0000${key}`).digest().readBigInt64BE(0);

/** Locks these tombstone keys (tombstone.ts) until the transaction ends, all in one order, so two holders cannot deadlock. */
export async function lockTombstoneKeys(keys: Iterable<string>, on: Queryable): Promise<void> {
  const ids = [...new Set([...keys].map(lockId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!ids.length) return;
  // unnest yields the array in order, so the locks are taken in that order.
  await on.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k', [ids.map(String)]);
}

/** The keys a write naming this session of this visitor on this site must hold. */
export const sessionWriteKeys = (siteId: number, session: string, visitor: string): string[] => [
  tombstoneKey(session), visitorTombstoneKey(siteId, visitor), visitorTombstoneKey(null, visitor),
];
