// Turns the chunk bodies a previewed page sent into the events a recording would
// hold, with the server's own decoders (both body formats, event parts joined).
import { gunzipSync } from 'node:zlib';
import { decodeCompactChunk, isCompactChunk } from '../ingest/decode-compact.ts';
import { decodeJsonChunk } from '../ingest/decode-json.ts';
import { partJoiner } from '../ingest/event-parts.ts';
import type { Limits } from '../config.ts';

export interface RecordedEvent { type: number; timestamp: number; data: Record<string, unknown> }

const FULL_SNAPSHOT = 2;

export async function recordedEvents(bodies: Buffer[], limits: Limits): Promise<RecordedEvent[]> {
  const chunks = await Promise.all(bodies.map((b) => (isCompactChunk(b) ? decodeCompactChunk(b) : decodeJsonChunk(b, limits))));
  // A chunk the page re-sent (pagehide fallback) has the same seq: keep one of each.
  const bySeq = new Map(chunks.map((c) => [c.facts.seq, c]));
  const events: RecordedEvent[] = [];
  const parts = partJoiner();
  for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
    const chunk = bySeq.get(seq)!;
    const text = chunk.encoding === 'plain' ? chunk.data.toString('utf8') : gunzipSync(chunk.data, { maxOutputLength: limits.inflatedBytes }).toString('utf8');
    if (chunk.facts.part) {
      const whole = parts.add(chunk.facts.part.index, chunk.facts.part.count, text);
      if (whole) events.push(JSON.parse(whole) as RecordedEvent);
    } else {
      parts.reset();
      events.push(...(JSON.parse(text) as RecordedEvent[]));
    }
  }
  return events;
}

/** The first full snapshot and the meta event before it: what a replay of the page's first moment needs. */
export function firstFrame(events: RecordedEvent[]): RecordedEvent[] | null {
  const full = events.findIndex((e) => e.type === FULL_SNAPSHOT);
  if (full < 0) return null;
  const meta = events.slice(0, full).findLast((e) => e.type === 4);
  return meta ? [meta, events[full]!] : [events[full]!];
}
