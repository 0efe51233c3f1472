// The contract's body format: JSON, or gzip(JSON), with the events inside. Every
// event is parsed and validated, then stored re-serialized, so the envelope (which
// may hold the raw identify() id) never reaches the database. The text is handed on
// uncompressed: the privacy scan reads it, then compresses it for storing.
import { createHash } from 'node:crypto';
import { Chunk } from '../schemas.ts';
import { HttpError, invalid } from '../http-error.ts';
import { inflate } from './body.ts';
import { timeSpan, type DecodedChunk } from './decoded-chunk.ts';
import type { Limits } from '../config.ts';

const RRWEB_FULL_SNAPSHOT = 2;

/** JSON.parse accepts nesting that JSON.stringify cannot walk back: refuse it, don't crash on it. */
function serializeEvents(events: Chunk['events']): string {
  try {
    return JSON.stringify(events);
  } catch {
    throw new HttpError(400, 'too_deep', 'The events nest deeper than any recorded page does; nothing was stored.');
  }
}

export async function decodeJsonChunk(body: Buffer, limits: Limits): Promise<DecodedChunk> {
  const raw = await inflate(body, limits);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON (after decompression, if gzipped).');
  }
  const parsed = Chunk.safeParse(json);
  if (!parsed.success) throw invalid('invalid_chunk', parsed.error);
  const { events, ...facts } = parsed.data;
  if (facts.part && events.length) throw new HttpError(400, 'invalid_chunk', 'A chunk carries either events or a part of one event, not both.');
  return {
    facts,
    eventCount: events.length,
    ...timeSpan(facts, events.map((e) => e.timestamp)),
    fullSnapshot: events.some((e) => e.type === RRWEB_FULL_SNAPSHOT) || (facts.part?.index === 0 && facts.part.text.startsWith(`{"type":${RRWEB_FULL_SNAPSHOT},`)),
    // Compressed after the privacy scan (scan-pool.ts), which reads the text as it is.
    data: Buffer.from(facts.part ? facts.part.text : serializeEvents(events)),
    encoding: 'plain',
    hash: createHash('sha256').update(raw).digest(),
  };
}
