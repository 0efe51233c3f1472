// Bytes on the wire for a scripted, realistic visit to the demo shop: what Einblick
// uploads vs. the raw rrweb JSON of the same recording, per recorded minute.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import type { TestServer } from '../test/helpers/server.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { sqliteDb } from '../test/helpers/sqlite-db.ts';

/** Where the uploaded bytes went, over every ingest request of the visit. */
export interface WireBreakdown {
  requests: number;
  /** Requests for a (session, seq) already sent: retries and the pagehide fallback. */
  repeats: { requests: number; bytes: number };
  /** Bytes by body format: compact (with its magic, length, header and events blob) or JSON. */
  formats: Record<string, { requests: number; bytes: number }>;
  /** Of the compact bodies: the derived facts' header and the events blob. */
  compactHeaderBytes: number;
  compactEventBytes: number;
  /** Chunks holding a full snapshot vs. the rest, bytes as uploaded. */
  fullSnapshotChunkBytes: number;
  otherChunkBytes: number;
  /** Per event kind ("2" full snapshot, "3/0" mutation, "3/1" mouse move, "5/track"...): raw JSON and, as a guide, each kind's gzip on its own, chunk by chunk. */
  events: Record<string, { count: number; rawBytes: number; gzipAlone: number }>;
}

/** uploadedBytes counts the chunk request bodies. */
export interface WireResult { seconds: number; uploadedBytes: number; rawJsonBytes: number; chunks: number; breakdown: WireBreakdown }

export async function measureWireBytes(server: TestServer, seconds = 30): Promise<WireResult> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Counted where the bytes arrive: the browser's own accounting misses keepalive Blob bodies.
  let uploadedBytes = 0;
  const bodies: Buffer[] = [];
  const count = (req: IncomingMessage) => {
    if (req.url !== '/api/v1/ingest') return;
    uploadedBytes += Number(req.headers['content-length'] ?? 0);
    // A copy of the body as the parser hands it over, for the breakdown; the route reads it as before.
    const parts: Buffer[] = [];
    const push = req.push.bind(req);
    req.push = (part: Buffer | null, encoding?: BufferEncoding) => {
      if (part) parts.push(Buffer.from(part));
      else bodies.push(Buffer.concat(parts));
      return push(part, encoding);
    };
  };
  server.http.prependListener('request', count);
  await page.goto(server.url + '/demo');
  await page.getByRole('dialog').getByRole('button', { name: 'Accept', exact: true }).click();
  const until = Date.now() + seconds * 1000;
  // A shopper: browses, adds to cart, opens an account, checks out, scrolls, moves the mouse.
  const steps: (() => Promise<unknown>)[] = [
    () => page.mouse.move(200 + Math.random() * 800, 200 + Math.random() * 400, { steps: 8 }),
    () => page.mouse.wheel(0, 400),
    () => page.click('#add-1'),
    () => page.click('#add-3'),
    () => page.mouse.wheel(0, -300),
    () => page.click('#nav-account'),
    () => page.fill('#name', 'Alex Sample'),
    () => page.fill('#email', 'alex@example.com'),
    () => page.click('#nav-checkout'),
    () => page.click('#nav-shop'),
  ];
  for (let i = 0; Date.now() < until; i++) {
    await steps[i % steps.length]!().catch(() => undefined);
    await page.waitForTimeout(600);
  }
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 1500));
  server.http.removeListener('request', count);
  await browser.close();
  const rows = sqliteDb(server.store).prepare('SELECT data FROM chunks').all() as { data: Buffer }[];
  const rawJsonBytes = rows.reduce((n, r) => n + gunzipSync(r.data).length, 0);
  return { seconds, uploadedBytes, rawJsonBytes, chunks: rows.length, breakdown: breakDown(bodies) };
}

interface Event { type: number; data: { source?: number; tag?: string } }
const kindOf = (e: Event) => (e.type === 3 ? `3/${e.data.source}` : e.type === 5 ? `5/${e.data.tag}` : String(e.type));

/** Takes the bodies apart as the server's decoders do (README, HTTP API). */
export function breakDown(bodies: Buffer[]): WireBreakdown {
  const b: WireBreakdown = { requests: bodies.length, repeats: { requests: 0, bytes: 0 }, formats: {}, compactHeaderBytes: 0, compactEventBytes: 0, fullSnapshotChunkBytes: 0, otherChunkBytes: 0, events: {} };
  const seen = new Set<string>();
  for (const body of bodies) {
    const magic = body.subarray(0, 4).toString('latin1');
    let format: string;
    let facts: { session: string; seq: number };
    let events: Event[];
    if (magic === 'EBK1' || magic === 'EBK2') {
      const length = body.readUInt32BE(4);
      const head = body.subarray(8, 8 + length);
      facts = JSON.parse((magic === 'EBK2' ? gunzipSync(head) : head).toString()) as typeof facts;
      events = JSON.parse(gunzipSync(body.subarray(8 + length)).toString()) as Event[];
      format = `compact ${magic}`;
      b.compactHeaderBytes += 8 + length;
      b.compactEventBytes += body.length - 8 - length;
    } else {
      const gz = body[0] === 0x1f && body[1] === 0x8b;
      const chunk = JSON.parse((gz ? gunzipSync(body) : body).toString()) as typeof facts & { events: Event[]; part?: { index: number; text: string } };
      facts = chunk;
      events = chunk.part ? [] : chunk.events;
      format = gz ? 'gzip(JSON)' : 'plain JSON';
    }
    const f = (b.formats[format] ??= { requests: 0, bytes: 0 });
    f.requests++;
    f.bytes += body.length;
    const key = `${facts.session}:${facts.seq}`;
    if (seen.has(key)) {
      b.repeats.requests++;
      b.repeats.bytes += body.length;
    }
    seen.add(key);
    if (events.some((e) => e.type === 2)) b.fullSnapshotChunkBytes += body.length;
    else b.otherChunkBytes += body.length;
    const byKind = new Map<string, Event[]>();
    for (const e of events) byKind.set(kindOf(e), [...(byKind.get(kindOf(e)) ?? []), e]);
    for (const [kind, list] of byKind) {
      const k = (b.events[kind] ??= { count: 0, rawBytes: 0, gzipAlone: 0 });
      k.count += list.length;
      k.rawBytes += list.reduce((n, e) => n + JSON.stringify(e).length, 0);
      k.gzipAlone += gzipSync(JSON.stringify(list)).length;
    }
  }
  return b;
}
