import { createHash } from 'node:crypto';

/**
 * Tombstones keep a hash of the erased session's id, not the id: after erasure the
 * database must hold nothing of the visitor, yet still refuse that session's late chunks.
 */
export const tombstoneKey = (sessionId: string): string => createHash('sha256').update(`tombstone:${sessionId}`).digest('hex');
