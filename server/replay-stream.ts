// A session's events as one JSON array, written chunk by chunk in seq order, so a
// long session never sits in memory as one string. Used by the replay API and the export.
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { Store } from './store/index.ts';
import { partJoiner } from './event-parts.ts';

const gunzipAsync = promisify(gunzip);

/** Where JSON is streamed to: an HTTP response, a file, stdout. */
export interface Sink {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** A stored chunk's text; null when it does not inflate within the limit. */
async function storedText(data: Buffer, limit: number): Promise<string | null> {
  try {
    return (await gunzipAsync(data, { maxOutputLength: limit })).toString('utf8');
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

/** Writes `[...events]` for the session to `res`, without ending it. */
export async function writeSessionEvents(res: Sink, store: Store, id: string, inflateLimit: number): Promise<void> {
  await write(res, '[');
  let first = true;
  const parts = partJoiner();
  for (const chunk of store.chunkList(id)) {
    const data = store.chunkData(id, chunk.seq);
    if (!data) continue; // erased while streaming
    const text = await storedText(data, inflateLimit);
    let items: string | null;
    if (text === null) {
      items = null;
    } else if (chunk.partIndex !== null && chunk.partCount !== null) {
      items = parts.add(chunk.partIndex, chunk.partCount, text);
    } else {
      parts.reset();
      items = isEventArray(text) ? text.slice(1, -1) : null; // splice the array's items into ours
    }
    if (!items) continue;
    await write(res, first ? items : ',' + items);
    first = false;
  }
  await write(res, ']');
}
