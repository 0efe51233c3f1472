// A long recorded session written straight into the store, as the recorder would have
// uploaded it: a shop page of a few thousand nodes, mouse moves every half second,
// scrolls, clicks, a clock whose text changes every 10 s (so a test can tell which
// moment the replay shows), a toast added and removed every 30 s, and a checkout
// (Meta + full snapshot) every `checkoutEveryMin` minutes, in chunks of 5 s.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Store } from '../../server/store/index.ts';

export interface SyntheticSession {
  id: string;
  startedAt: number;
  endedAt: number;
  /** Timestamps of each checkout's Meta event. */
  checkouts: number[];
  events: number;
  rawBytes: number;
}

export interface SyntheticOptions {
  id: string;
  minutes: number;
  checkoutEveryMin: number;
  /** Products on the page: the full snapshot's size grows with it (about 110 bytes each). */
  products?: number;
  start?: number;
  /** Checkouts (by number, 1 = the first periodic one) whose Meta event ends the chunk before. */
  metaInPreviousChunk?: number[];
  /** `einblick.track(name)` calls, `at` ms into the session (a multiple of 500). */
  tracks?: { at: number; name: string }[];
}

const CHUNK_MS = 5000;
const CLOCK_TEXT_ID = 9;
const LIST_ID = 20;

/** What the clock reads `ms` into the session: minutes and seconds, in steps of 10 s. */
export const clockText = (ms: number): string => {
  const s = Math.floor(ms / 10_000) * 10;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

function pageNode(products: number, clock: string): unknown {
  let id = 100;
  const el = (tagName: string, attributes: Record<string, string>, childNodes: unknown[], nodeId = id++) => ({ type: 2, tagName, attributes, childNodes, id: nodeId });
  const text = (textContent: string, nodeId = id++) => ({ type: 3, textContent, id: nodeId });
  const items = Array.from({ length: products }, (_, i) =>
    el('li', { class: 'product' }, [el('h3', {}, [text(`Product ${i + 1}`)]), el('span', { class: 'price' }, [text(`${(i * 7) % 90 + 9},99 €`)]), el('button', { type: 'button' }, [text('Add')])]),
  );
  return {
    type: 0, id: 1,
    childNodes: [
      { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
      el('html', { lang: 'en' }, [
        el('head', {}, [el('style', { _cssText: 'body{font:16px sans-serif;margin:0}.product{display:inline-block;width:200px;margin:8px}#clock{position:fixed;top:0;right:0;font-size:32px}' }, [], 5)], 4),
        el('body', {}, [el('div', { id: 'clock' }, [text(clock, CLOCK_TEXT_ID)], 8), el('ul', { id: 'products' }, items, LIST_ID)], 7),
      ], 3),
    ],
  };
}

/** The session's events in time order. */
function* sessionEvents(o: SyntheticOptions, start: number): Generator<Record<string, unknown>> {
  const end = start + o.minutes * 60_000;
  const products = o.products ?? 600;
  const checkout = (ts: number) => [
    { type: 4, timestamp: ts, data: { href: 'https://shop.example/', width: 1280, height: 800 } },
    { type: 2, timestamp: ts + 40, data: { node: pageNode(products, clockText(ts - start)), initialOffset: { left: 0, top: 0 } } },
  ];
  yield* checkout(start);
  let toast = 0;
  // A checkout lands mid-chunk (2.5 s into a 5 s window), as the recorder's timer would have it.
  for (let t = start + 500, next = start + o.checkoutEveryMin * 60_000 + 2500; t < end; t += 500) {
    if (t >= next) {
      toast = 0; // not in the new snapshot
      yield* checkout(t);
      next += o.checkoutEveryMin * 60_000;
      continue;
    }
    const s = t - start;
    yield { type: 3, timestamp: t, data: { source: 1, positions: Array.from({ length: 10 }, (_, i) => ({ x: 200 + ((s / 7 + i * 13) % 800) | 0, y: 150 + ((s / 11 + i * 7) % 500) | 0, id: LIST_ID, timeOffset: -450 + i * 50 })) } };
    if (s % 10_000 === 0) yield { type: 3, timestamp: t + 1, data: { source: 0, texts: [{ id: CLOCK_TEXT_ID, value: clockText(s) }], attributes: [], removes: [], adds: [] } };
    if (s % 2000 === 0) yield { type: 3, timestamp: t + 2, data: { source: 3, id: 1, x: 0, y: (s / 20) % 4000 } };
    if (s % 30_000 === 0) {
      toast = 50_000 + s / 1000;
      yield { type: 3, timestamp: t + 3, data: { source: 2, type: 2, id: 102, x: 300, y: 400 } };
      yield { type: 3, timestamp: t + 4, data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 7, nextId: null, node: { type: 2, tagName: 'div', attributes: { class: 'toast' }, childNodes: [], id: toast } }, { parentId: toast, nextId: null, node: { type: 3, textContent: 'Added to your cart', id: toast + 1 } }] } };
    }
    if (s % 30_000 === 5000 && toast) yield { type: 3, timestamp: t + 4, data: { source: 0, texts: [], attributes: [{ id: 8, attributes: { class: `tick-${s}` } }], removes: [{ parentId: 7, id: toast }], adds: [] } };
    for (const track of o.tracks ?? []) if (track.at === s) yield { type: 5, timestamp: t + 5, data: { tag: 'track', payload: { name: track.name } } };
  }
}

export async function storeSyntheticSession(store: Store, siteKey: string, o: SyntheticOptions): Promise<SyntheticSession> {
  const site = await store.sites.siteByKey(siteKey);
  if (!site) throw new Error(`no site ${siteKey}`);
  const start = o.start ?? Date.UTC(2026, 10, 1, 9);
  const splitAt = new Set((o.metaInPreviousChunk ?? []).map((n) => start + n * o.checkoutEveryMin * 60_000 + 2500));
  const checkouts: number[] = [];
  let seq = 0;
  let events: Record<string, unknown>[] = [];
  let windowEnd = start + CHUNK_MS;
  let count = 0;
  let rawBytes = 0;
  const writes: Parameters<Store['chunks']['writeChunks']>[0] = [];
  const cut = () => {
    if (!events.length) return;
    const json = JSON.stringify(events);
    rawBytes += json.length;
    const ts = events.map((e) => e.timestamp as number);
    writes.push({
      siteId: site.id,
      chunk: {
        site: siteKey, visitor: `${o.id}-visitor`, session: o.id, seq,
        pages: seq === 0 ? [{ pv: 0, url: 'https://shop.example/', ts: start, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 5000 }] : [],
        clicks: [], scroll: [],
      },
      eventCount: events.length, data: gzipSync(json), hash: createHash('sha256').update(json).digest(),
      firstTs: Math.min(...ts), lastTs: Math.max(...ts), fullSnapshot: events.some((e) => e.type === 2), externalHash: null, consent: null, receivedAt: Date.now(),
    });
    seq++;
    count += events.length;
    events = [];
  };
  for (const e of sessionEvents(o, start)) {
    const ts = e.timestamp as number;
    while (ts >= windowEnd) {
      cut();
      windowEnd += CHUNK_MS;
    }
    if (e.type === 4) {
      checkouts.push(ts);
      events.push(e);
      if (splitAt.has(ts)) cut();
      continue;
    }
    events.push(e);
  }
  cut();
  // In batches, as group commit would: one transaction each.
  for (let i = 0; i < writes.length; i += 100) await store.chunks.writeChunks(writes.slice(i, i + 100));
  return { id: o.id, startedAt: start, endedAt: start + o.minutes * 60_000, checkouts, events: count, rawBytes };
}
