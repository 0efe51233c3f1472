// Where a chunk's blob lives in the bucket, and the marker its row holds instead of the
// bytes. The marker names the key, so a row finds its blob without another column (no
// schema change), and rows written before blobs moved out (gzip bytes) still read as they are.
import type { ChunkWrite } from '../chunks.ts';

// Ids reach the store validated (contract/schemas/primitives.ts Id); checked again here
// because a key prefix is what an erasure deletes by.
const ID = /^[A-Za-z0-9_-]+$/;
const id = (what: string, value: string): string => {
  if (!ID.test(value)) throw new Error(`a ${what} id must be letters, digits, _ and - to name a blob`);
  return value;
};

/** Every chunk blob. */
export const CHUNKS_PREFIX = 'chunks/';
/** Every blob of a site. */
export const sitePrefix = (siteId: number): string => `${CHUNKS_PREFIX}${Math.trunc(siteId)}/`;
/** Every blob of one visitor on one site: what a revoke or an erasure deletes, sessions not yet stored included. */
export const visitorPrefix = (siteId: number, visitor: string): string => `${sitePrefix(siteId)}${id('visitor', visitor)}/`;
export const sessionPrefix = (siteId: number, visitor: string, session: string): string => `${visitorPrefix(siteId, visitor)}${id('session', session)}/`;

/**
 * The content hash ends the key: a conflicting chunk (same seq, other bytes) gets a key of
 * its own and never overwrites the stored one, and a retried chunk lands on the same key.
 */
export const chunkKeyOf = (c: { siteId: number; visitor: string; session: string; seq: number; hash: Buffer }): string =>
  `${sessionPrefix(c.siteId, c.visitor, c.session)}${Math.trunc(c.seq)}-${c.hash.toString('hex')}.gz`;

/** A chunk's key as ingest writes it; chunkKeyOf serves a copy of stored rows (their session's site and visitor, their hash). */
export const chunkKey = (w: ChunkWrite): string => chunkKeyOf({ siteId: w.siteId, visitor: w.chunk.visitor, session: w.chunk.session, seq: w.chunk.seq, hash: w.hash });

// A gzip stream starts with 0x1f 0x8b: no stored chunk can start like this.
const MARKER = Buffer.from('einblick-blob:', 'latin1');

export const markerOf = (key: string): Buffer => Buffer.concat([MARKER, Buffer.from(key, 'utf8')]);

/** The key a row's data names, or null when the row holds the chunk's bytes itself. */
export function keyOfMarker(data: Buffer): string | null {
  return data.length > MARKER.length && data.subarray(0, MARKER.length).equals(MARKER) ? data.subarray(MARKER.length).toString('utf8') : null;
}
