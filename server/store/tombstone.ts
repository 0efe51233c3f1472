import { createHash } from 'node:crypto';

/**
 * Tombstones keep a hash of the erased session's id, not the id: after erasure the
 * database must hold nothing of the visitor, yet still refuse that session's late chunks.
 */
export const tombstoneKey = (sessionId: string): string => createHash('sha256').update(`tombstone:${sessionId}`).digest('hex');

/**
 * The same for a visitor: of one site, or (`siteId` null, the privacy desk's erasure) of
 * every site, including those where a chunk of it is still on its way and nothing is held yet.
 */
export const visitorTombstoneKey = (siteId: number | null, visitor: string): string =>
  createHash('sha256').update(`visitor-tombstone:${siteId ?? '*'}:${visitor}`).digest('hex');
