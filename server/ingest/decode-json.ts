// The contract's body format: JSON, or gzip(JSON), with the events inside. Every
// event is parsed and validated, then stored re-serialized, so the envelope (which
// may hold the raw identify() id) never reaches the database. The text is handed on
// uncompressed: the privacy scan reads it, then compresses it for storing.
//
// Parsing, validating and serializing cost some 60 ms per MB (measured: an 8 MB body
// held the event loop for 460 ms), so only a small body that does not nest deep is
// decoded on the event loop (a 64 KB one in about 1 ms); any other is decoded in a
// worker thread of the scan pool.
import { createHash } from 'node:crypto';
import { Chunk } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { inflate } from './body.ts';
import { nestsWithin } from './json-depth.ts';
import { timeSpan, type DecodedChunk } from './decoded-chunk.ts';
import type { Limits } from '../config.ts';

const INLINE_JSON_BYTES = 64 * 1024;
const INLINE_DEPTH = 256;
// Deeper than any recorded page (a DOM 1,000 elements deep nests some 2,000 levels),
// and well inside what JSON.stringify can walk back.
const MAX_DEPTH = 4000;

const RRWEB_FULL_SNAPSHOT = 2;

const tooDeep = () => new HttpError(400, 'too_deep', `The body nests deeper than any recorded page does (over ${MAX_DEPTH} levels); nothing was stored.`);

/** JSON.parse accepts nesting that JSON.stringify cannot walk back: refuse it, don't crash on it. */
function serializeEvents(events: Chunk['events']): string {
  try {
    return JSON.stringify(events);
  } catch {
    throw tooDeep();
  }
}

/** `offload`: decodes the text elsewhere (on public routes a worker running decodeJsonText). */
export async function decodeJsonChunk(body: Buffer, limits: Limits, offload = async (raw: Buffer) => decodeJsonText(raw)): Promise<DecodedChunk> {
  const raw = await inflate(body, limits);
  return raw.length <= INLINE_JSON_BYTES && nestsWithin(raw, INLINE_DEPTH) ? decodeJsonText(raw) : offload(raw);
}

const RRWEB_CUSTOM = 5;
const MAX_TRACKS = 100;

/** A sender that writes the recorder's custom `track` events but not the `tracks` fact (the contract's own JSON form) still gets them filtered on. */
function withTracks(facts: Omit<Chunk, 'events'>, events: Chunk['events']): Omit<Chunk, 'events'> {
  const names = new Set(facts.tracks);
  for (const e of events) {
    if (e.type !== RRWEB_CUSTOM || names.size >= MAX_TRACKS) continue;
    const d = e.data as { tag?: unknown; payload?: { name?: unknown } } | null;
    const name = d?.tag === 'track' ? d.payload?.name : undefined;
    if (typeof name === 'string' && name.length > 0 && name.length <= 100) names.add(name);
  }
  return names.size ? { ...facts, tracks: [...names] } : facts;
}

/** The body's JSON text (decompressed) to a chunk ready to scan and store; throws HttpError. */
export function decodeJsonText(raw: Buffer): DecodedChunk {
  if (!nestsWithin(raw, MAX_DEPTH)) throw tooDeep();
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The body is not valid JSON (after decompression, if gzipped).');
  }
  const parsed = Chunk.safeParse(json);
  if (!parsed.success) throw invalid('invalid_chunk', parsed.error);
  const { events, ...parsedFacts } = parsed.data;
  const facts = withTracks(parsedFacts, events);
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
