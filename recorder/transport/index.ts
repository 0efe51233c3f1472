// The transport: the chunker cuts, the sender delivers, the outbox remembers, and the
// page lifecycle hurries them when the page goes away. Wiring and timers only.
import type { Click, ConsentReceipt, PageView } from '../../contract/schemas/index.ts';
import { saveSession, type SessionState } from '../identity.ts';
import type { Timings } from '../timings.ts';
import { createChunker } from './chunker.ts';
import { createSender } from './sender.ts';
import { watchPageLifecycle } from './lifecycle.ts';
import type { Outbox } from './outbox.ts';

export interface TransportOptions {
  endpoint: string;
  site: string;
  visitor: string;
  session: SessionState;
  receipt: ConsentReceipt;
  timings: Pick<Timings, 'draftMs' | 'chunkMs'>;
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
  addTrack(name: string): void;
  flush(): void;
  stop(): void;
}

export function createTransport(o: TransportOptions): Transport {
  const url = o.endpoint + '/api/v1/ingest';
  const abort = new AbortController();
  const sender = createSender({
    post: (body, keepalive) =>
      fetch(url, { method: 'POST', body, keepalive, credentials: 'omit', headers: { 'Content-Type': 'text/plain' }, signal: abort.signal }),
    outbox: o.outbox,
    onGone: o.onGone,
    onDropped: (events) => chunker.addDropped(events),
  });
  const chunker = createChunker({
    ...o,
    ticksPerChunk: Math.max(1, Math.round(o.timings.chunkMs / o.timings.draftMs)),
    saveSession,
    keep: (chunk) => o.outbox?.put({ s: chunk.session, q: chunk.seq, j: chunk.json }),
    deliver: sender.enqueue,
  });

  // Chunks an earlier page load of this site could not deliver go first.
  void o.outbox?.pending().then(sender.recover);
  const timer = window.setInterval(chunker.tick, o.timings.draftMs);
  const stopLifecycle = watchPageLifecycle({
    onHidden: () => chunker.flushKeepingDraft(),
    onLeave() {
      chunker.flushKeepingDraft();
      sender.sendBeforeLeaving();
    },
  });

  return {
    ...chunker,
    stop() {
      clearInterval(timer);
      stopLifecycle();
      chunker.stop();
      sender.stop();
      abort.abort();
      o.outbox?.close();
    },
  };
}
