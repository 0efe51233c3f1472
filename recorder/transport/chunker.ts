// Buffers events and derived facts and cuts them into numbered chunks: when told to (a
// tick, urgency, the page going away), or sooner when big. Between cuts the open chunk
// is drafted: kept in the outbox and compressed ahead, so leaving the page sends the
// draft as it is and only what came after it uncompressed. Timers live elsewhere
// (transport/index.ts): this is pure state, testable without a page.
import type { Click, ConsentReceipt, PageView } from '../../contract/schemas/index.ts';
import type { SessionState } from '../identity.ts';
import { chunkForms, encodeChunk, FULL_SNAPSHOT, splitText, type OutgoingChunk } from './wire.ts';

/** Cut a chunk early when this many events are waiting. */
const EVENTS_PER_CHUNK = 500;
/** A chunk is cut before its events pass this much JSON (the server takes up to 8 MB). */
export const CHUNK_CHARS = 1024 * 1024;
/** A tick cuts instead of drafting once this much JSON waits: a busy page's chunk compresses well alone, and a draft of it would cost main-thread time. */
export const DRAFT_CHARS = 64 * 1024;

export interface ChunkerOptions {
  site: string;
  visitor: string;
  session: SessionState;
  receipt: ConsentReceipt;
  /** A tick cuts every this many ticks, drafting on the others. */
  ticksPerChunk: number;
  /** The session's seq or last changed: persist it (identity.ts). */
  saveSession(session: SessionState): void;
  /** A chunk (or a draft of one) to keep in the outbox until acknowledged. */
  keep(chunk: OutgoingChunk): void;
  /** Chunks cut, in seq order, to be sent. */
  deliver(chunks: OutgoingChunk[]): void;
  /** Called before each cut (also as the page is hidden or left), to add what must not wait (last-values.ts). */
  beforeCut?(): void;
  now?(): number;
}

export interface Chunker {
  addEvent(event: unknown, urgent?: boolean): void;
  addPage(page: PageView): void;
  addClick(click: Click): void;
  setScroll(pv: number, depth: number, ts: number): void;
  identify(externalId: string): void;
  /** A name passed to einblick.track(): sent as a fact, so the sessions list can filter on it. */
  addTrack(name: string): void;
  /** Events the sender had to drop (queue full): reported in the next chunk. */
  addDropped(events: number): void;
  /** The draft timer fired: draft, or cut when the chunk is due or big. */
  tick(): void;
  /** Cuts what is buffered now. */
  flush(): void;
  /** Hidden or leaving: a draft already compressed goes as it is, and only what came after it is cut. */
  flushKeepingDraft(): void;
  /** Drops what is buffered; nothing is cut after this. */
  stop(): void;
}

export function createChunker(o: ChunkerOptions): Chunker {
  const now = o.now ?? Date.now;
  // Each event is serialized once, when it arrives: its size is then known, so chunks
  // are cut by size without ever serializing a batch twice (measured: re-serializing
  // oversized batches cost more main-thread time than rrweb itself).
  let events: string[] = [];
  let eventChars = 0;
  let firstTs = Infinity;
  let lastTs = -Infinity;
  let holdsFullSnapshot = false;
  let oversized: { index: number; count: number; ts: number; text: string }[] = [];
  let pages: PageView[] = [];
  let clicks: Click[] = [];
  let tracks: string[] = [];
  let scroll = new Map<number, { pv: number; depth: number; ts: number }>();
  let externalId: string | undefined;
  let receiptSent = false;
  let dropped = 0;
  /** The seq of the chunk being drafted, or -1. */
  let reserved = -1;
  let ticks = 0;
  /** The last draft of the open chunk, and how much of each buffer it holds. */
  let draft: { chunk: OutgoingChunk; events: number; pages: number; clicks: number; tracks: number; identify?: string; dropped: number } | null = null;
  /** The first timestamp among the events buffered since the draft. */
  let laterTs = Infinity;
  let stopped = false;

  /** The chunk's facts: the buffered ones ride on the first chunk of a cut. */
  const facts = (seq: number, first: boolean): Record<string, unknown> => {
    const body: Record<string, unknown> = { site: o.site, visitor: o.visitor, session: o.session.id, seq };
    if (first) {
      Object.assign(body, { pages, clicks, scroll: [...scroll.values()] });
      if (!receiptSent) body.consent = o.receipt;
      if (externalId) body.identify = externalId;
      if (tracks.length) body.tracks = tracks;
      if (dropped) body.dropped = dropped;
    }
    return body;
  };
  const outgoing = (seq: number, json: string, count: number, full: boolean, compact?: OutgoingChunk['compact']): OutgoingChunk => ({ session: o.session.id, seq, json, events: count, full, gz: null, attempts: 0, compact });

  /** What is buffered as one chunk: events, or facts without events (a click or scroll after a quiet spell), which are timed now. */
  function eventsChunk(seq: number): OutgoingChunk {
    const t = now();
    const count = events.length;
    const { json, compact } = chunkForms(facts(seq, true), '[' + events.join(',') + ']', { count, firstTs: count ? firstTs : t, lastTs: count ? lastTs : t, full: holdsFullSnapshot });
    return outgoing(seq, json, count, holdsFullSnapshot, compact);
  }

  const buffered = () => events.length || oversized.length || pages.length || clicks.length || tracks.length || scroll.size || externalId;
  /** The open chunk's seq, taken when it is first drafted, so a draft in the outbox and the chunk share it. */
  const takeSeq = () => {
    const seq = reserved < 0 ? o.session.seq++ : reserved;
    reserved = -1;
    return seq;
  };

  function draftChunk(): void {
    // A full snapshot is cut at once (it is urgent), so a draft never holds one.
    if (stopped || !buffered() || oversized.length || holdsFullSnapshot) return;
    if (reserved < 0) {
      reserved = o.session.seq++;
      o.saveSession(o.session);
    }
    const chunk = eventsChunk(reserved);
    o.keep(chunk);
    const d = (draft = { chunk, events: events.length, pages: pages.length, clicks: clicks.length, tracks: tracks.length, identify: externalId, dropped });
    laterTs = Infinity;
    // Compressed off the main thread's JS; kept only if it is still the latest draft.
    void encodeChunk(chunk).then((gz) => {
      if (draft === d && typeof gz !== 'string') (chunk.gz = gz), (chunk.compact = undefined);
    });
  }

  /** Cuts what is buffered into chunks (more than one only for an oversized burst). */
  function cut(): OutgoingChunk[] {
    o.beforeCut?.();
    ticks = 0;
    draft = null;
    if (stopped || !buffered()) return [];
    const out: OutgoingChunk[] = [];
    const commit = (chunk: OutgoingChunk): void => {
      o.keep(chunk);
      out.push(chunk);
    };
    if (events.length || !oversized.length) commit(eventsChunk(takeSeq()));
    for (const part of oversized) {
      const seq = takeSeq();
      commit(outgoing(seq, JSON.stringify({ ...facts(seq, !out.length), events: [], part }), 0, part.index === 0 && part.text.startsWith(`{"type":${FULL_SNAPSHOT},`)));
    }
    receiptSent = true;
    clear();
    o.session.last = now();
    o.saveSession(o.session);
    return out;
  }

  function clear(): void {
    events = [];
    eventChars = 0;
    firstTs = Infinity;
    lastTs = -Infinity;
    holdsFullSnapshot = false;
    oversized = [];
    pages = [];
    clicks = [];
    tracks = [];
    scroll = new Map();
    externalId = undefined;
    dropped = 0;
  }

  const flush = () => o.deliver(cut());

  return {
    addEvent(event, urgent) {
      const text = JSON.stringify(event);
      if (text.length > CHUNK_CHARS) {
        // One event too big for any chunk (a huge full snapshot): its JSON travels in parts.
        flush();
        const ts = (event as { timestamp?: number }).timestamp ?? now();
        const parts = splitText(text, CHUNK_CHARS);
        oversized = parts.map((part, index) => ({ index, count: parts.length, ts, text: part }));
        flush();
        return;
      }
      if (eventChars + text.length > CHUNK_CHARS) flush();
      events.push(text);
      eventChars += text.length;
      const ts = (event as { timestamp: number }).timestamp;
      if (ts < firstTs) firstTs = ts;
      if (ts < laterTs) laterTs = ts;
      if (ts > lastTs) lastTs = ts;
      if ((event as { type?: number }).type === FULL_SNAPSHOT) holdsFullSnapshot = true;
      if (urgent || events.length >= EVENTS_PER_CHUNK) queueMicrotask(flush);
    },
    addPage: (page) => void pages.push(page),
    addClick: (click) => void clicks.push(click),
    // The server takes 100 names a chunk; a page calling track() in a loop repeats names.
    addTrack: (name) => void (tracks.length < 100 && !tracks.includes(name) && tracks.push(name)),
    setScroll(pv, depth, ts) {
      const known = scroll.get(pv);
      if (!known || depth > known.depth) scroll.set(pv, { pv, depth, ts });
    },
    identify: (id) => void (externalId = id),
    addDropped: (n) => void (dropped += n),
    tick: () => (++ticks < o.ticksPerChunk && eventChars < DRAFT_CHARS ? draftChunk() : flush()),
    flush,
    flushKeepingDraft() {
      const d = draft;
      const kept: OutgoingChunk[] = [];
      if (d?.chunk.gz) {
        kept.push(d.chunk);
        events = events.slice(d.events);
        pages = pages.slice(d.pages);
        clicks = clicks.slice(d.clicks);
        tracks = tracks.slice(d.tracks);
        if (externalId === d.identify) externalId = undefined;
        dropped -= d.dropped;
        firstTs = laterTs;
        receiptSent = true;
        reserved = -1;
      }
      o.deliver([...kept, ...cut()]);
    },
    stop() {
      stopped = true;
      draft = null;
      clear();
    },
  };
}
