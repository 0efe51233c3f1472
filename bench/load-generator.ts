// One load generator for the benchmarks and the reliability tests: N simulated
// sessions upload realistic gzip chunks in seq order, each retrying its chunk until
// the server acknowledges it, as the recorder does.
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';

export interface LoadOptions {
  url: string;
  site: string;
  /** Sent as the Origin header. */
  origin?: string;
  sessions: number;
  /** Approximate gzip size of each chunk. */
  chunkBytes: number;
  /** Stop after this long. */
  durationMs: number;
  /** Chunks per second over all sessions; unset means as fast as acknowledgements come. */
  ratePerSecond?: number;
  /** Where to post; defaults to /api/v1/ingest (a no-op route for baselines). */
  path?: string;
  /** 'compact' as the recorder sends (default), or the contract's gzip(JSON). */
  format?: 'compact' | 'json';
  /** Clicks in each chunk (on a page view sent with seq 0), so heatmap counters are kept too; default 0. */
  clicksPerChunk?: number;
  /**
   * Other nodes of the same install: a session whose request fails on the network (its
   * node is gone) sends that chunk, and the ones after, to the next node, as a browser
   * behind a load balancer would be moved.
   */
  failover?: string[];
  /** Asked before each chunk: true ends the load before durationMs (which stays the bound). */
  stopWhen?: (r: LoadResult) => boolean;
}

export interface LoadResult {
  /** Acknowledged (session → seq numbers). */
  acked: Map<string, number[]>;
  ackedCount: number;
  ackedBytes: number;
  /** Milliseconds per acknowledged request. */
  latencies: number[];
  /** Failed attempts (network errors, 5xx, 429) that were retried. */
  retries: number;
  /** Chunks the server refused for good (4xx). */
  refused: number;
  elapsedMs: number;
}

/**
 * rrweb-like incremental events (mouse moves, mutations with text) whose gzip is
 * about `bytes`: compressible like real recordings, not random noise.
 */
export function eventsJson(bytes: number): string {
  const events: unknown[] = [];
  let t = Date.now();
  let json = '[]';
  for (let i = 0; gzipSync(json).length < bytes; i++) {
    for (let k = 0; k < 20; k++, t += 37) {
      events.push(
        k % 4 === 0
          ? { type: 3, timestamp: t, data: { source: 0, texts: [], attributes: [{ id: 40 + k, attributes: { class: `row row-${(i * 7 + k) % 13} ${randomBytes(3).toString('hex')}` } }], removes: [], adds: [{ parentId: 12, nextId: null, node: { type: 2, tagName: 'div', attributes: { class: 'cell' }, childNodes: [{ type: 3, textContent: '*'.repeat(8 + (k % 9)), id: 1000 + i * 20 + k }], id: 900 + i * 20 + k } }] } }
          : { type: 3, timestamp: t, data: { source: 1, positions: [{ x: (i * 31 + k * 17) % 1280, y: (i * 13 + k * 29) % 2400, id: 40 + k, timeOffset: -k * 12 }] } },
      );
    }
    json = JSON.stringify(events);
  }
  return json;
}

/**
 * A chunk body as concatenated gzip members: a small per-request head, the shared
 * pre-compressed events, a tail. Decompresses to one JSON document, like the
 * recorder's, without gzipping the bulk again for every request.
 */
function makeBody(o: LoadOptions, events: Buffer, session: string, seq: number): Buffer {
  const facts = JSON.stringify(pageFacts(o, seq)).slice(1, -1);
  const head = gzipSync(`{"site":${JSON.stringify(o.site)},"visitor":"v-${session}","session":"${session}","seq":${seq},${facts ? facts + ',' : ''}"events":`);
  return Buffer.concat([head, events, TAIL]);
}
const TAIL = gzipSync('}');

/** A shop page viewed in seq 0 and `clicksPerChunk` clicks on a dozen of its buttons in every chunk. */
function pageFacts(o: LoadOptions, seq: number): { pages?: unknown[]; clicks?: unknown[] } {
  const n = o.clicksPerChunk ?? 0;
  if (!n) return {};
  const now = Date.now();
  const clicks = Array.from({ length: n }, (_, i) => {
    const button = (seq * 7 + i) % 12;
    const offsetX = (seq * 31 + i * 17) % 100;
    const offsetY = (seq * 13 + i * 29) % 100;
    return { pv: 0, ts: now - 5000 + i * 100, x: 100 + (button % 4) * 300 + offsetX * 1.6, y: 400 + Math.floor(button / 4) * 900 + offsetY * 0.48, selector: `button#b${button}`, offsetX, offsetY };
  });
  const pages = seq === 0 ? [{ pv: 0, url: 'https://shop.example/pricing', ts: now - 5000, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 3100 }] : [];
  return { pages, clicks };
}

/** The recorder's compact format: a small header beside the events' gzip, which is shared here. */
function makeCompactBody(o: LoadOptions, events: Buffer, eventCount: number, session: string, seq: number): Buffer {
  const now = Date.now();
  const header = gzipSync(JSON.stringify({ site: o.site, visitor: `v-${session}`, session, seq, eventCount, firstTs: now - 5000, lastTs: now, fullSnapshot: false, ...pageFacts(o, seq) }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([COMPACT_MAGIC, length, header, events]);
}
const COMPACT_MAGIC = Buffer.from('EBK2');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const json = eventsJson(o.chunkBytes);
  const events = gzipSync(json);
  const eventCount = (JSON.parse(json) as unknown[]).length;
  const result: LoadResult = { acked: new Map(), ackedCount: 0, ackedBytes: 0, latencies: [], retries: 0, refused: 0, elapsedMs: 0 };
  const started = Date.now();
  const until = started + o.durationMs;
  const nodes = [o.url, ...(o.failover ?? [])].map((u) => u + (o.path ?? '/api/v1/ingest'));
  const headers: Record<string, string> = { 'Content-Type': 'text/plain', ...(o.origin ? { Origin: o.origin } : {}) };
  // With a fixed arrival rate each session sends on its own schedule, spread out.
  const interval = o.ratePerSecond ? (o.sessions / o.ratePerSecond) * 1000 : 0;

  async function session(index: number): Promise<void> {
    const id = `load-${index}-${randomBytes(6).toString('hex')}`;
    const acked: number[] = [];
    result.acked.set(id, acked);
    let next = started + (interval * index) / o.sessions;
    let node = 0;
    for (let seq = 0; Date.now() < until && !o.stopWhen?.(result); ) {
      if (interval) {
        await sleep(Math.max(0, next - Date.now()));
        next += interval;
      }
      const body = o.format === 'json' ? makeBody(o, events, id, seq) : makeCompactBody(o, events, eventCount, id, seq);
      const t0 = performance.now();
      try {
        const res = await fetch(nodes[node]!, { method: 'POST', body: body as unknown as BodyInit, headers });
        await res.arrayBuffer();
        if (res.status >= 200 && res.status < 300) {
          result.latencies.push(performance.now() - t0);
          result.ackedCount++;
          result.ackedBytes += body.length;
          acked.push(seq++);
        } else if (res.status === 429 || res.status >= 500) {
          result.retries++;
          await sleep(50);
        } else {
          result.refused++;
          seq++;
        }
      } catch {
        result.retries++;
        node = (node + 1) % nodes.length;
        await sleep(50);
      }
    }
  }

  await Promise.all(Array.from({ length: o.sessions }, (_, i) => session(i)));
  result.elapsedMs = Date.now() - started;
  return result;
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
