import type { ChunkFacts } from '../../contract/schemas/index.ts';

/** A chunk ready to store, whichever body format it came in. */
export interface DecodedChunk {
  facts: ChunkFacts;
  eventCount: number;
  firstTs: number;
  lastTs: number;
  fullSnapshot: boolean;
  /** The events as stored: gzip(JSON array of events), or gzip of an event part's text. */
  data: Buffer;
  /**
   * 'plain': `data` is that JSON text not yet compressed (a JSON body's, whose events
   * were parsed anyway): the privacy scan reads it as it is and compresses it once,
   * instead of it being compressed here and inflated again for the scan.
   */
  encoding: 'gzip' | 'plain';
  /** sha256 of the request body (decompressed, for JSON bodies): a retry has the same one. */
  hash: Buffer;
}

/** The time span of a chunk: its events' and its derived facts' timestamps together. */
export function timeSpan(facts: ChunkFacts, eventTimes: number[]): { firstTs: number; lastTs: number } {
  let firstTs = Infinity;
  let lastTs = -Infinity;
  const see = (t: number) => {
    if (t < firstTs) firstTs = t;
    if (t > lastTs) lastTs = t;
  };
  eventTimes.forEach(see);
  facts.pages.forEach((p) => see(p.ts));
  facts.clicks.forEach((c) => see(c.ts));
  if (facts.part) see(facts.part.ts);
  if (firstTs === Infinity) firstTs = lastTs = Date.now();
  return { firstTs, lastTs };
}
