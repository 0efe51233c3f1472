// The chunk queue: buffers events and derived facts, cuts a numbered chunk every few
// seconds (or sooner when busy), gzips it, and sends chunks one at a time, in order,
// retrying with backoff until the server has acknowledged them.
import type { Click, ConsentReceipt, PageView } from '../contract/schemas/index.ts';
import { saveSession, type SessionState } from './identity.ts';
import { byteSize, gzip, type Body } from './gzip.ts';
import type { Outbox } from './outbox.ts';

/** The buffer is drafted this often (see draftChunk)... */
const DRAFT_EVERY_MS = 5000;
/** ...and cut into a chunk every this many ticks: a longer chunk compresses better (measured on bench/wire-bytes.ts)... */
const CHUNK_TICKS = 2;
/** ...unless this much JSON is already waiting: a busy page's chunk compresses well alone, and a draft of it would cost main-thread time. */
const DRAFT_CHARS = 64 * 1024;
/** Cut a chunk early when this many events are waiting. */
const EVENTS_PER_CHUNK = 500;
/** A chunk is cut before its events pass this much JSON (the server takes up to 8 MB). */
const CHUNK_CHARS = 1024 * 1024;
/** Chrome and Safari allow 64 KiB in total across in-flight keepalive requests. */
const KEEPALIVE_BUDGET = 60 * 1024;
const MAX_QUEUED_CHUNKS = 200;
const MAX_RETRY_MS = 60_000;
const FULL_SNAPSHOT = 2;
const isFullSnapshot = (e: unknown) => (e as { type?: number }).type === FULL_SNAPSHOT;

interface Pending {
  session: string;
  seq: number;
  json: string;
  events: number;
  /** Holds a full snapshot: the chunks after it replay on top of it, so it is dropped last. */
  full: boolean;
  /** The body once compressed (compact format, or gzip of json); until then only json can be sent. */
  gz: Body | null;
  attempts: number;
  /** For the compact format: the header and the events' JSON, until compressed. */
  compact?: { header: string; events: string };
}

export interface TransportOptions {
  endpoint: string;
  site: string;
  visitor: string;
  session: SessionState;
  receipt: ConsentReceipt;
  /** Where unsent chunks wait across page loads; null where IndexedDB is unavailable. */
  outbox: Outbox | null;
  /** The server answered 410: this session is erased; stop for good. */
  onGone(): void;
  /** Called before each cut (also as the page is hidden or left), to add what must not wait (last-values.ts). */
  beforeCut?(): void;
}

export interface Transport {
  addEvent(event: unknown, urgent?: boolean): void;
  addPage(page: PageView): void;
  addClick(click: Click): void;
  setScroll(pv: number, depth: number, ts: number): void;
  identify(externalId: string): void;
  flush(): void;
  stop(): void;
}

/** Exponential backoff with full jitter; honours Retry-After when the server sends it. */
export function retryDelay(attempt: number, retryAfter: string | null): number {
  const seconds = Number(retryAfter);
  if (retryAfter && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_MS);
  const cap = Math.min(1000 * 2 ** attempt, MAX_RETRY_MS);
  return cap / 2 + Math.random() * (cap / 2);
}

export function createTransport(o: TransportOptions): Transport {
  const url = o.endpoint + '/api/v1/ingest';
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
  let scroll = new Map<number, { pv: number; depth: number; ts: number }>();
  let externalId: string | undefined;
  let receiptSent = false;
  let dropped = 0;
  /** The seq of the chunk being drafted, or -1. */
  let reserved = -1;
  let ticks = 0;
  /** The last draft of the open chunk, and how much of each buffer it holds. */
  let draft: { chunk: Pending; events: number; pages: number; clicks: number; identify?: string; dropped: number } | null = null;
  /** The first timestamp among the events buffered since the draft. */
  let laterTs = Infinity;
  const queue: Pending[] = [];
  let inFlight: Pending | null = null;
  let keepaliveBytes = 0;
  let retryTimer = 0;
  let stopped = false;
  const abort = new AbortController();

  const post = (body: Body, keepalive: boolean) =>
    fetch(url, { method: 'POST', body, keepalive, credentials: 'omit', headers: { 'Content-Type': 'text/plain' }, signal: abort.signal });

  /** The chunk's facts: the buffered ones ride on the first chunk of a cut. */
  const facts = (seq: number, first: boolean): Record<string, unknown> => {
    const body: Record<string, unknown> = { site: o.site, visitor: o.visitor, session: o.session.id, seq };
    if (first) {
      Object.assign(body, { pages, clicks, scroll: [...scroll.values()] });
      if (!receiptSent) body.consent = o.receipt;
      if (externalId) body.identify = externalId;
      if (dropped) body.dropped = dropped;
    }
    return body;
  };
  const pending = (seq: number, json: string, events: number, full: boolean, compact?: Pending['compact']): Pending => ({ session: o.session.id, seq, json, events, full, gz: null, attempts: 0, compact });

  /** What is buffered as one chunk: events, or facts without events (a click or scroll after a quiet spell), which are timed now. */
  function eventsChunk(seq: number): Pending {
    const eventsJson = '[' + events.join(',') + ']';
    const head = facts(seq, true);
    const now = Date.now();
    // The contract's JSON form, spliced rather than serialized again: for the outbox and the pagehide fallback.
    const json = JSON.stringify(head).slice(0, -1) + ',"events":' + eventsJson + '}';
    const header = JSON.stringify({ ...head, eventCount: events.length, firstTs: events.length ? firstTs : now, lastTs: events.length ? lastTs : now, fullSnapshot: holdsFullSnapshot });
    return pending(seq, json, events.length, holdsFullSnapshot, { header, events: eventsJson });
  }

  const buffered = () => events.length || oversized.length || pages.length || clicks.length || scroll.size || externalId;
  /** The open chunk's seq, taken when it is first drafted, so a draft in the outbox and the chunk share it. */
  const takeSeq = () => {
    const seq = reserved < 0 ? o.session.seq++ : reserved;
    reserved = -1;
    return seq;
  };
  const keep = (chunk: Pending) => o.outbox?.put({ s: chunk.session, q: chunk.seq, j: chunk.json });

  /**
   * Between cuts, what is buffered so far goes to the outbox (a crash loses no more than
   * before) and is compressed ahead, off the main thread: on pagehide that draft is sent
   * as it is, and only what came after it travels uncompressed.
   */
  function draftChunk(): void {
    // A full snapshot is cut at once (it is urgent), so a draft never holds one.
    if (!buffered() || oversized.length || holdsFullSnapshot) return;
    if (reserved < 0) {
      reserved = o.session.seq++;
      saveSession(o.session);
    }
    const chunk = eventsChunk(reserved);
    keep(chunk);
    const d = (draft = { chunk, events: events.length, pages: pages.length, clicks: clicks.length, identify: externalId, dropped });
    laterTs = Infinity;
    void compactBody(chunk.compact!).then((gz) => draft === d && (chunk.gz = gz), () => undefined);
  }

  /** Cuts what is buffered into chunks (more than one only for an oversized burst). */
  function cut(): Pending[] {
    o.beforeCut?.();
    ticks = 0;
    draft = null;
    if (!buffered()) return [];
    const out: Pending[] = [];
    const commit = (chunk: Pending): void => {
      keep(chunk);
      out.push(chunk);
    };
    if (events.length || !oversized.length) commit(eventsChunk(takeSeq()));
    for (const part of oversized) {
      const seq = takeSeq();
      commit(pending(seq, JSON.stringify({ ...facts(seq, !out.length), events: [], part }), 0, part.index === 0 && part.text.startsWith(`{"type":${FULL_SNAPSHOT},`)));
    }
    receiptSent = true;
    events = [];
    eventChars = 0;
    firstTs = Infinity;
    lastTs = -Infinity;
    holdsFullSnapshot = false;
    oversized = [];
    pages = [];
    clicks = [];
    scroll = new Map();
    externalId = undefined;
    dropped = 0;
    o.session.last = Date.now();
    saveSession(o.session);
    return out;
  }

  const compress = (chunk: Pending) =>
    void (chunk.compact ? compactBody(chunk.compact) : gzip(chunk.json))
      .then((gz) => (chunk.gz = gz), () => (chunk.gz = chunk.json))
      .then(() => {
        chunk.compact = undefined;
        void pump();
      });

  /** The server has the chunk, or will never take it: it leaves the queue and the outbox. */
  function settle(chunk: Pending): void {
    const i = queue.indexOf(chunk);
    if (i >= 0) queue.splice(i, 1);
    o.outbox?.remove(chunk.session, chunk.seq);
  }

  function enqueue(chunks: Pending[]): void {
    for (const chunk of chunks) {
      queue.push(chunk);
      compress(chunk);
    }
    // Bounded memory while the server is unreachable: the oldest chunks go first,
    // but full snapshots last, since every later chunk replays on top of one.
    while (queue.length > MAX_QUEUED_CHUNKS) {
      const victim = queue.find((c) => c !== inFlight && !c.full) ?? queue.find((c) => c !== inFlight)!;
      dropped += victim.events;
      settle(victim);
    }
  }

  // Chunks an earlier page load of this site could not deliver go first.
  void o.outbox?.pending().then((entries) => {
    if (stopped) return;
    const queued = new Set(queue.map((c) => `${c.session}:${c.seq}`));
    const recovered = entries
      .filter((e) => !queued.has(`${e.s}:${e.q}`))
      .map((e): Pending => ({ session: e.s, seq: e.q, json: e.j, events: 0, full: false, gz: null, attempts: 0 }));
    queue.unshift(...recovered);
    recovered.forEach(compress);
  });

  async function pump(): Promise<void> {
    const chunk = queue[0];
    if (stopped || inFlight || retryTimer || !chunk || chunk.gz === null) return;
    inFlight = chunk;
    const size = byteSize(chunk.gz);
    const keepalive = keepaliveBytes + size <= KEEPALIVE_BUDGET;
    if (keepalive) keepaliveBytes += size;
    let wait = 0;
    try {
      const res = await post(chunk.gz, keepalive);
      if (res.status === 410) return o.onGone();
      if (res.status === 429 || res.status >= 500) wait = retryDelay(chunk.attempts++, res.headers.get('Retry-After'));
      // 2xx is stored; any other 4xx will never be accepted, so retrying cannot help.
      else settle(chunk);
    } catch {
      if (stopped) return;
      wait = retryDelay(chunk.attempts++, null);
    } finally {
      inFlight = null;
      if (keepalive) keepaliveBytes -= size;
    }
    if (wait) retryTimer = window.setTimeout(() => ((retryTimer = 0), void pump()), wait);
    else void pump();
  }

  function flush(): void {
    if (!stopped) enqueue(cut());
  }

  /** Hidden or leaving: a draft already compressed goes as it is, and only what came after it is cut. */
  function flushKeepingDraft(): void {
    const d = draft;
    if (d?.chunk.gz) {
      queue.push(d.chunk);
      events = events.slice(d.events);
      pages = pages.slice(d.pages);
      clicks = clicks.slice(d.clicks);
      if (externalId === d.identify) externalId = undefined;
      dropped -= d.dropped;
      firstTs = laterTs;
      receiptSent = true;
      reserved = -1;
    }
    enqueue(cut());
  }

  /** The page is going away: hand what fits to the browser with keepalive, uncompressed if need be. */
  function onPageHide(): void {
    if (stopped) return;
    flushKeepingDraft();
    let budget = KEEPALIVE_BUDGET - keepaliveBytes;
    for (const chunk of queue) {
      if (chunk === inFlight) continue;
      const body = chunk.gz ?? chunk.json;
      const size = byteSize(body);
      if (size > budget) continue;
      budget -= size;
      // If the page survives (back/forward cache) the chunk is sent again; the server treats that as a retry.
      post(body, true).catch(() => undefined);
    }
  }

  // Closing a tab or backgrounding a phone hides the page before pagehide (if that comes at all).
  const onVisibility = () => {
    if (stopped || document.visibilityState !== 'hidden') return;
    flushKeepingDraft();
    void pump();
  };
  const timer = window.setInterval(() => (++ticks < CHUNK_TICKS && eventChars < DRAFT_CHARS ? draftChunk() : flush()), DRAFT_EVERY_MS);
  addEventListener('pagehide', onPageHide);
  document.addEventListener('visibilitychange', onVisibility);

  return {
    addEvent(event, urgent) {
      const text = JSON.stringify(event);
      if (text.length > CHUNK_CHARS) {
        // One event too big for any chunk (a huge full snapshot): its JSON travels in parts.
        flush();
        const ts = (event as { timestamp?: number }).timestamp ?? Date.now();
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
      if (isFullSnapshot(event)) holdsFullSnapshot = true;
      if (urgent || events.length >= EVENTS_PER_CHUNK) queueMicrotask(flush);
    },
    addPage: (page) => void pages.push(page),
    addClick: (click) => void clicks.push(click),
    setScroll(pv, depth, ts) {
      const known = scroll.get(pv);
      if (!known || depth > known.depth) scroll.set(pv, { pv, depth, ts });
    },
    identify: (id) => void (externalId = id),
    flush,
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(retryTimer);
      abort.abort();
      removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', onVisibility);
      events = [];
      queue.length = 0;
      o.outbox?.close();
    },
  };
}

/** Cuts text into pieces of at most `size`, never between the two halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + size);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
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
async function compactBody(c: { header: string; events: string }): Promise<Body> {
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
