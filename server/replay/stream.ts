// A session's events as one JSON array, written chunk by chunk in seq order, so a
// long session never sits in memory as one string. Used by the replay API and the export.
// With a range (segments.ts) only the events between two cuts are written: the
// chunks at the cuts are parsed and sliced, the chunks between them are spliced as stored.
import { gunzip, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { Store } from '../store/index.ts';
import { partJoiner } from '../ingest/event-parts.ts';

const gunzipAsync = promisify(gunzip);

/** Where JSON is streamed to: an HTTP response, a file, stdout. */
export interface Sink {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
  /** True once nobody reads any more (the client went away): the writer stops. */
  gone?(): boolean;
}

/** A place between two events: before item `index` of chunk `seq`'s event array. */
export interface Cut { seq: number; index: number }

/** The events from `start` up to (not including) `end`; no end means to the last event. */
export interface EventRange { start: Cut; end: Cut | null }

/** Below this, inflating on the thread pool costs more in round trips than it spares the event loop. */
const INFLATE_INLINE_BYTES = 32 * 1024;

/** A stored chunk's text; null when it does not inflate within the limit. */
export async function storedText(data: Buffer, limit: number): Promise<string | null> {
  try {
    const text = data.length < INFLATE_INLINE_BYTES ? gunzipSync(data, { maxOutputLength: limit }) : await gunzipAsync(data, { maxOutputLength: limit });
    return text.toString('utf8');
  } catch {
    return null;
  }
}

/** A stored (non-part) chunk's events, parsed; null when it is missing, too big or not an event array. */
export async function chunkEvents(store: Store, id: string, seq: number, limit: number): Promise<unknown[] | null> {
  const data = await store.sessions.chunkData(id, seq);
  const text = data && (await storedText(data, limit));
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Compact-format chunks are stored as they came, unparsed: before one is spliced
 * into a replay it must prove to be a JSON array, or a forged chunk could break
 * the whole response.
 */
function isEventArray(text: string): boolean {
  if (!text.startsWith('[') || !text.endsWith(']')) return false;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

export async function write(res: Sink, text: string): Promise<void> {
  if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

/** The items of a chunk at a cut, as JSON text joined by commas ('' when none). */
async function slicedItems(store: Store, id: string, seq: number, range: EventRange, limit: number): Promise<string> {
  const from = seq === range.start.seq ? range.start.index : 0;
  const to = seq === range.end?.seq ? range.end.index : Infinity;
  if (to <= from) return '';
  const events = await chunkEvents(store, id, seq, limit);
  return events ? events.slice(from, to).map((e) => JSON.stringify(e)).join(',') : '';
}

/** Writes `[...events]` for the session (or the range of it) to `res`, without ending it. */
export async function writeSessionEvents(res: Sink, store: Store, id: string, inflateLimit: number, range?: EventRange): Promise<void> {
  await write(res, '[');
  let first = true;
  const parts = partJoiner();
  for (const chunk of await store.sessions.chunkList(id)) {
    if (res.gone?.()) return;
    if (range && (chunk.seq < range.start.seq || (range.end && chunk.seq > range.end.seq))) continue;
    let items: string | null;
    const atCut = range && chunk.partIndex === null && (chunk.seq === range.start.seq || chunk.seq === range.end?.seq);
    if (atCut) {
      parts.reset();
      items = await slicedItems(store, id, chunk.seq, range, inflateLimit);
    } else if (range?.end && chunk.seq === range.end.seq && range.end.index === 0) {
      continue; // the cut is before this chunk's first item (an oversized next snapshot)
    } else {
      const data = await store.sessions.chunkData(id, chunk.seq);
      if (!data) continue; // erased while streaming
      const text = await storedText(data, inflateLimit);
      if (text === null) {
        items = null;
      } else if (chunk.partIndex !== null && chunk.partCount !== null) {
        items = parts.add(chunk.partIndex, chunk.partCount, text);
      } else {
        parts.reset();
        items = isEventArray(text) ? text.slice(1, -1) : null; // splice the array's items into ours
      }
    }
    if (!items) continue;
    await write(res, first ? items : ',' + items);
    first = false;
  }
  await write(res, ']');
}
