// The wire format of a chunk: what the chunker produces, the queue holds and the sender
// posts. Pure apart from the browser's compressor, so it is tested against the server's
// decoder (server/ingest/decode-compact.ts).
import { gzip, type Body } from './gzip.ts';

export const FULL_SNAPSHOT = 2;

export interface OutgoingChunk {
  session: string;
  seq: number;
  /** The contract's JSON form: for the outbox, and the fallback where the body is not compressed yet. */
  json: string;
  events: number;
  /** Holds a full snapshot: the chunks after it replay on top of it, so it is dropped last. */
  full: boolean;
  /** The body once compressed (compact format, or gzip of json); until then only json can be sent. */
  gz: Body | null;
  attempts: number;
  /** For the compact format: the header and the events' JSON, until compressed. */
  compact?: CompactParts;
}

export interface CompactParts {
  header: string;
  events: string;
}

/**
 * A chunk in both forms, from its facts and its events' JSON array: the contract's JSON
 * (spliced rather than serialized again) and the compact format's header.
 */
export function chunkForms(head: Record<string, unknown>, eventsJson: string, span: { count: number; firstTs: number; lastTs: number; full: boolean }): { json: string; compact: CompactParts } {
  return {
    json: JSON.stringify(head).slice(0, -1) + ',"events":' + eventsJson + '}',
    compact: {
      header: JSON.stringify({ ...head, eventCount: span.count, firstTs: span.firstTs, lastTs: span.lastTs, fullSnapshot: span.full }),
      events: eventsJson,
    },
  };
}

/** Cuts text into pieces of at most `size`, never between the two halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    // (Unless the part would be empty: a size of 1 would loop forever.)
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

const MAGIC = new TextEncoder().encode('EBK2');

/**
 * The compact format: "EBK2", the header's length, the header JSON gzipped, then the
 * events gzipped. The server validates the small header and stores the events untouched.
 * Where the browser cannot gzip, the plain JSON form is sent instead.
 */
export async function compactBody(c: CompactParts): Promise<Body> {
  // Gzipped apart, as the server stores the events blob alone: the header (pages, clicks) was a quarter of the upload.
  const [header, events] = await Promise.all([gzip(c.header), gzip(c.events)]);
  if (typeof header === 'string' || typeof events === 'string') throw new Error('no CompressionStream');
  const body = new Uint8Array(8 + header.length + events.length);
  body.set(MAGIC);
  new DataView(body.buffer).setUint32(4, header.length);
  body.set(header, 8);
  body.set(events, 8 + header.length);
  return body;
}

/** The chunk's body for the wire: compact where it has its parts, else its JSON gzipped; its JSON as it is if compression fails. */
export const encodeChunk = (chunk: OutgoingChunk): Promise<Body> =>
  (chunk.compact ? compactBody(chunk.compact) : gzip(chunk.json)).catch(() => chunk.json);
