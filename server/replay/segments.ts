// Where a replay can start: every full snapshot the recorder took (rrweb's periodic
// checkouts, SPA navigations) begins a segment that replays on its own, Meta event
// first. A segment runs to the next snapshot's Meta event, so segments never overlap
// and together hold every event from the first snapshot on. Only the chunks at a
// segment's two ends are read to place the cuts; the chunk list comes from an index.
import type { Store } from '../store/index.ts';
import type { ReplayChunkRef } from '../store/sessions.ts';
import { chunkEvents, type Cut, type EventRange } from './stream.ts';

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_META = 4;

export interface Segment extends EventRange {
  /** Timestamp of the segment's first event (its Meta event). */
  startTs: number;
  /** Timestamp of the next segment's first event; null for the last segment. */
  endTs: number | null;
  /** When only the segment's head is asked for and some of it is left out: the first left-out chunk's first timestamp. */
  untilTs?: number;
}

type AnyEvent = { type?: unknown; timestamp?: unknown };
const typeOf = (e: unknown) => (e as AnyEvent | null)?.type;
const tsOf = (e: unknown, fallback: number) => (typeof (e as AnyEvent | null)?.timestamp === 'number' ? ((e as AnyEvent).timestamp as number) : fallback);

/** A cut with the timestamp of the event right after it. */
interface Start extends Cut { ts: number }

/**
 * Stored chunks never change, so a snapshot's start is worked out once: it costs
 * parsing a chunk holding a whole page. Keyed by whether the chunk before was there,
 * since a late arrival of it can move the start. Positions and times only.
 */
// The promise is kept, not its result: segment requests and the background warm-up of
// one viewing ask for the same starts at once, and each chunk is parsed once.
const startCache = new Map<string, Promise<Start>>();
const START_CACHE_SIZE = 2000;

function cachedSnapshotStart(store: Store, id: string, refs: ReplayChunkRef[], k: number, limit: number): Promise<Start> {
  const key = `${id}:${refs[k]!.seq}:${refs[k - 1]?.seq === refs[k]!.seq - 1}`;
  let start = startCache.get(key);
  if (!start) {
    start = snapshotStart(store, id, refs, k, limit);
    if (startCache.size >= START_CACHE_SIZE) startCache.delete(startCache.keys().next().value!);
    startCache.set(key, start);
    // A failed read (the session erased meanwhile, say) is not remembered.
    start.catch(() => startCache.delete(key));
  }
  return start;
}

/**
 * Where the snapshot in chunk refs[k] starts: at the Meta event rrweb emits just before
 * each full snapshot. That Meta can sit at the end of the previous chunk (the recorder
 * cuts a chunk before an event that would overflow it, and before an oversized one).
 */
async function snapshotStart(store: Store, id: string, refs: ReplayChunkRef[], k: number, limit: number): Promise<Start> {
  const ref = refs[k]!;
  const prev = refs[k - 1];
  const prevEvents = async () => (prev && prev.seq === ref.seq - 1 && prev.partIndex === null ? chunkEvents(store, id, prev.seq, limit) : null);
  const metaAtEnd = (events: unknown[] | null, seq: number): Start | null => {
    const i = events && events.length ? events.length - 1 : -1;
    return i >= 0 && typeOf(events![i]) === EVENT_META ? { seq, index: i, ts: tsOf(events![i], ref.firstTs) } : null;
  };
  if (ref.partIndex !== null) return metaAtEnd(await prevEvents(), ref.seq - 1) ?? { seq: ref.seq, index: 0, ts: ref.firstTs };
  const events = (await chunkEvents(store, id, ref.seq, limit)) ?? [];
  const full = events.findIndex((e) => typeOf(e) === EVENT_FULL_SNAPSHOT);
  if (full < 0) return { seq: ref.seq, index: 0, ts: ref.firstTs };
  if (full > 0 && typeOf(events[full - 1]) === EVENT_META) return { seq: ref.seq, index: full - 1, ts: tsOf(events[full - 1], ref.firstTs) };
  if (full === 0) {
    const before = metaAtEnd(await prevEvents(), ref.seq - 1);
    if (before) return before;
  }
  return { seq: ref.seq, index: full, ts: tsOf(events[full], ref.firstTs) };
}

/** Chunks that begin a full snapshot (an oversized one begins with its first part). */
export function snapshotChunks(refs: ReplayChunkRef[]): number[] {
  const out: number[] = [];
  refs.forEach((r, i) => r.full && (r.partIndex === null || r.partIndex === 0) && out.push(i));
  return out;
}

/**
 * The segment holding `ts`: from the last full snapshot at or before it (the first
 * snapshot when `ts` is earlier) to the next one. Null when the session has no full
 * snapshot at all: then there is nothing to start a replay from.
 */
export async function segmentAt(store: Store, id: string, ts: number, limit: number, until?: number): Promise<Segment | null> {
  const refs = await store.sessions.replayChunks(id);
  const snaps = snapshotChunks(refs);
  if (!snaps.length) return null;
  // A snapshot's Meta event can end the chunk before it, and a snapshot chunk can begin
  // with earlier events, so a start is only known once read: walk back from the last
  // snapshot that may begin at or before ts.
  const mayStartBy = (k: number) => refs[k]!.firstTs <= ts || (refs[k - 1]?.seq === refs[k]!.seq - 1 && refs[k - 1]!.lastTs <= ts);
  let j = snaps.length - 1;
  while (j > 0 && !mayStartBy(snaps[j]!)) j--;
  let start = await cachedSnapshotStart(store, id, refs, snaps[j]!, limit);
  while (j > 0 && start.ts > ts) start = await cachedSnapshotStart(store, id, refs, snaps[--j]!, limit);
  const next = snaps[j + 1];
  const end = next === undefined ? null : await cachedSnapshotStart(store, id, refs, next, limit);
  // A viewer that opened one segment seeks and loads the others next: place their starts now, after this answer.
  setImmediate(() => void warmStarts(store, id, refs, snaps, limit));
  const segment: Segment = { start, end, startTs: start.ts, endTs: end?.ts ?? null };
  return until === undefined ? segment : headOf(segment, refs, snaps[j]!, until);
}

/**
 * Only the start of a segment, for a first frame: its chunks up to and including the
 * full snapshot (every part of an oversized one), then those beginning by `until`.
 * Cut between whole chunks, so nothing more is parsed than for the whole segment.
 */
export function headOf(segment: Segment, refs: ReplayChunkRef[], snapshot: number, until: number): Segment {
  let i = snapshot + 1;
  while (refs[i] && ((refs[i]!.partIndex ?? 0) > 0 || refs[i]!.firstTs <= until)) i++;
  const next = refs[i];
  const end = segment.end;
  const inside = next && (!end || next.seq < end.seq || (next.seq === end.seq && end.index > 0));
  return inside ? { ...segment, end: { seq: next.seq, index: 0 }, untilTs: next.firstTs } : segment;
}

async function warmStarts(store: Store, id: string, refs: ReplayChunkRef[], snaps: number[], limit: number): Promise<void> {
  for (const k of snaps) {
    await cachedSnapshotStart(store, id, refs, k, limit).catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
