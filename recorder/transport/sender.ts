// Sends chunks one at a time, in order, retrying with backoff until the server has
// acknowledged them (or refused them for good), and hands what is left to the browser
// with keepalive when the page goes away.
import { byteSize, type Body } from './gzip.ts';
import { encodeChunk, type OutgoingChunk } from './wire.ts';
import { retryDelay } from './retry.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';

/** Chrome and Safari allow 64 KiB in total across in-flight keepalive requests. */
const KEEPALIVE_BUDGET = 60 * 1024;
export const MAX_QUEUED_CHUNKS = 200;

/** What the sender needs of an answer (a fetch Response has it). */
export interface Answer {
  status: number;
  headers: { get(name: string): string | null };
}

export interface SenderOptions {
  /** POSTs a body; rejects on a network error. */
  post(body: Body, keepalive: boolean): Promise<Answer>;
  outbox: Outbox | null;
  /** The server answered 410: this session is erased; stop for good. */
  onGone(): void;
  /** The queue was full and a chunk was dropped: its events count as dropped. */
  onDropped(events: number): void;
  /** Timers, injectable so retries can be tested without waiting. */
  setTimer?(run: () => void, ms: number): number;
  clearTimer?(id: number): void;
  random?(): number;
}

export interface Sender {
  /** Queues chunks (a kept draft comes already compressed) and sends them when it is their turn. */
  enqueue(chunks: OutgoingChunk[]): void;
  /** Chunks an earlier page load left in the outbox: they go first. */
  recover(entries: OutboxEntry[]): void;
  pump(): void;
  /** The page is going away: post what fits in the keepalive budget now, uncompressed if need be. */
  sendBeforeLeaving(): void;
  stop(): void;
}

export function createSender(o: SenderOptions): Sender {
  const setTimer = o.setTimer ?? ((run, ms) => window.setTimeout(run, ms));
  const clearTimer = o.clearTimer ?? ((id) => clearTimeout(id));
  const queue: OutgoingChunk[] = [];
  let inFlight: OutgoingChunk | null = null;
  let keepaliveBytes = 0;
  let retryTimer = 0;
  let stopped = false;

  const compress = (chunk: OutgoingChunk) => {
    if (chunk.gz !== null) return;
    void encodeChunk(chunk).then((gz) => {
      chunk.gz = gz;
      chunk.compact = undefined;
      pump();
    });
  };

  /** The server has the chunk, or will never take it: it leaves the queue and the outbox. */
  function settle(chunk: OutgoingChunk): void {
    const i = queue.indexOf(chunk);
    if (i >= 0) queue.splice(i, 1);
    o.outbox?.remove(chunk.session, chunk.seq);
  }

  async function send(chunk: OutgoingChunk & { gz: Body }): Promise<void> {
    inFlight = chunk;
    const size = byteSize(chunk.gz);
    const keepalive = keepaliveBytes + size <= KEEPALIVE_BUDGET;
    if (keepalive) keepaliveBytes += size;
    let wait = 0;
    try {
      const res = await o.post(chunk.gz, keepalive);
      if (res.status === 410) return o.onGone();
      if (res.status === 429 || res.status >= 500) wait = retryDelay(chunk.attempts++, res.headers.get('Retry-After'), o.random);
      // 2xx is stored; any other 4xx will never be accepted, so retrying cannot help.
      else settle(chunk);
    } catch {
      if (stopped) return;
      wait = retryDelay(chunk.attempts++, null, o.random);
    } finally {
      inFlight = null;
      if (keepalive) keepaliveBytes -= size;
    }
    if (wait) retryTimer = setTimer(() => ((retryTimer = 0), pump()), wait);
    else pump();
  }

  function pump(): void {
    const chunk = queue[0];
    if (stopped || inFlight || retryTimer || !chunk || chunk.gz === null) return;
    void send(chunk as OutgoingChunk & { gz: Body });
  }

  return {
    enqueue(chunks) {
      for (const chunk of chunks) {
        queue.push(chunk);
        compress(chunk);
      }
      // Bounded memory while the server is unreachable: the oldest chunks go first,
      // but full snapshots last, since every later chunk replays on top of one.
      while (queue.length > MAX_QUEUED_CHUNKS) {
        const victim = queue.find((c) => c !== inFlight && !c.full) ?? queue.find((c) => c !== inFlight)!;
        o.onDropped(victim.events);
        settle(victim);
      }
      pump();
    },
    recover(entries) {
      if (stopped) return;
      const queued = new Set(queue.map((c) => `${c.session}:${c.seq}`));
      const recovered = entries
        .filter((e) => !queued.has(`${e.s}:${e.q}`))
        .map((e): OutgoingChunk => ({ session: e.s, seq: e.q, json: e.j, events: 0, full: false, gz: null, attempts: 0 }));
      queue.unshift(...recovered);
      recovered.forEach(compress);
    },
    pump,
    sendBeforeLeaving() {
      if (stopped) return;
      let budget = KEEPALIVE_BUDGET - keepaliveBytes;
      for (const chunk of queue) {
        if (chunk === inFlight) continue;
        const body = chunk.gz ?? chunk.json;
        const size = byteSize(body);
        if (size > budget) continue;
        budget -= size;
        // If the page survives (back/forward cache) the chunk is sent again; the server treats that as a retry.
        o.post(body, true).catch(() => undefined);
      }
    },
    stop() {
      stopped = true;
      clearTimer(retryTimer);
      queue.length = 0;
    },
  };
}
