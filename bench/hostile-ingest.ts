// A cheap GET's latency while one client sends ingest bodies written to cost the
// server as much as possible, at the default per-client rate (20 a second), against
// the same while it sends benign bodies of the same sizes and formats: same run,
// same server (in its own process, PII scan on). The hostile kinds are issue #17's:
// runs of emails, phone-like, card-like and IBAN-like groups, plain digits, dots,
// deep nesting, thousands of tiny events, and compact blobs that are no event array.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, startChildServer } from './child-server.ts';
import { percentile } from './load-generator.ts';

const T0 = Date.now();
const RATE_PER_SECOND = 20; // the default per-client rate (server/config.ts)

type Facts = { site: string; visitor: string; session: string; seq: number };
let sessions = 0;
const facts = (): Facts => ({ site: 'demo', visitor: 'bench-hostile-visitor', session: `bench-hostile-${sessions++}`, seq: 0 });

function compact(blob: string): Buffer {
  const header = gzipSync(JSON.stringify({ ...facts(), pages: [], clicks: [], eventCount: 1, firstTs: T0, lastTs: T0, fullSnapshot: false }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([Buffer.from('EBK2'), length, header, gzipSync(blob)]);
}
const jsonBody = (events: unknown[] | string) =>
  gzipSync(`{${JSON.stringify(facts()).slice(1, -1)},"pages":[],"clicks":[],"events":${typeof events === 'string' ? events : JSON.stringify(events)}}`);

/** Events each holding one text change of `text`: as the recorder writes a text edit. */
const textEvents = (text: string, count = 1) => JSON.stringify(Array.from({ length: count }, (_, i) => ({ type: 3, data: { source: 0, texts: [{ id: i, value: text }], attributes: [], removes: [], adds: [] }, timestamp: T0 + i })));
const tinyEvents = (count: number, text: string) => Array.from({ length: count }, (_, i) => ({ type: 3, data: { source: 5, text, id: i }, timestamp: T0 + i }));
/** Page text of the same length that no detector looks at twice. */
const prose = (n: number) => 'Free shipping on all orders over fifty euros. '.repeat(Math.ceil(n / 46)).slice(0, n);
const runOf = (piece: string, n: number) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n);

const RUN = 256 * 1024; // each text value; 16 of them make a 4 MB chunk
const KINDS: { what: string; hostile: () => Buffer; benign: () => Buffer }[] = [
  { what: 'the 336-byte compact body', hostile: () => compact('"text":"a@b.cc",'.repeat(4000)), benign: () => compact(textEvents(prose(64_000))) },
  { what: 'a compact blob of 8 MB that is no event array', hostile: () => compact('"text":"a@b.cc",'.repeat(500_000)), benign: () => compact(textEvents(prose(RUN), 30)) },
  ...[
    ['emails', 'a@b.cc '],
    ['phone-like groups', '0 1 2 3 4 5 6 '],
    ['card-like groups', '4111 1111 1111 111 '],
    ['IBAN-like groups', 'DE89 3704 0044 0532 0130 0 '],
    ['plain digits', '1234567890'],
    ['dots', '1.a.'],
  ].map(([what, piece]) => ({ what: `4 MB of ${what} in text values`, hostile: () => compact(textEvents(runOf(piece!, RUN), 16)), benign: () => compact(textEvents(prose(RUN), 16)) })),
  { what: '4,000 tiny events, each with an email', hostile: () => compact(JSON.stringify(tinyEvents(4000, 'a@b.cc'))), benign: () => compact(JSON.stringify(tinyEvents(4000, 'hello!'))) },
  { what: '60,000 tiny events whose every value is a candidate', hostile: () => compact(JSON.stringify(tinyEvents(60_000, '+1 (2'))), benign: () => compact(JSON.stringify(tinyEvents(60_000, 'hello'))) },
  { what: 'gzip(JSON) nesting 1,000,000 levels', hostile: () => jsonBody('[' + '['.repeat(1_000_000) + ']'.repeat(1_000_000) + ']'), benign: () => jsonBody(textEvents(prose(2_000_000))) },
  { what: 'gzip(JSON) of 5,000 events with emails', hostile: () => jsonBody(tinyEvents(5000, 'mail me: a@b.cc')), benign: () => jsonBody(tinyEvents(5000, 'mail me: hello!')) },
];

export interface HostileIngest {
  benignP99: number;
  hostileP99: number;
  benignRequests: number;
  hostileRequests: number;
  /** Answers to the hostile bodies, by status. */
  hostileAnswers: Record<string, number>;
  benignAnswers: Record<string, number>;
}

async function phase(url: string, bodies: Buffer[], seconds: number): Promise<{ latencies: number[]; answers: Record<string, number>; sent: number }> {
  const answers: Record<string, number> = {};
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const until = Date.now() + seconds * 1000;
  let sent = 0;
  const sender = (async () => {
    for (let next = Date.now(); Date.now() < until; next += 1000 / RATE_PER_SECOND) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      const body = bodies[sent++ % bodies.length]!;
      const p = fetch(url + '/api/v1/ingest', { method: 'POST', body: body as unknown as BodyInit, headers: { 'Content-Type': 'text/plain' } })
        .then(async (res) => {
          await res.arrayBuffer();
          answers[res.status] = (answers[res.status] ?? 0) + 1;
        })
        .catch(() => {
          answers.network = (answers.network ?? 0) + 1;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  })();
  // The cheap request: one at a time, as a dashboard polling or a visitor loading the stub would.
  while (Date.now() < until) {
    const t = performance.now();
    await (await fetch(url + '/healthz')).arrayBuffer();
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  await sender;
  await Promise.all(inFlight);
  return { latencies, answers, sent };
}

export async function measureHostileIngest(seconds = 8): Promise<HostileIngest> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-hostile-'));
  // The default per-client rate; the per-site one lifted, as every body here is for the same site.
  const child = await startChildServer({ port: await freePort(), dataDir, adminToken: 'bench-admin-token-00000', extraEnv: { EINBLICK_PII_SCAN: '1', EINBLICK_RATE_PER_SITE: '100000' } });
  try {
    // Built before either phase: the client's own work must not fall into one of them.
    const hostile = KINDS.map((k) => k.hostile());
    const benign = KINDS.map((k) => k.benign());
    await phase(child.url, benign.slice(0, 2), 1); // warm up: workers started, code compiled
    const b = await phase(child.url, benign, seconds);
    const h = await phase(child.url, hostile, seconds);
    return {
      benignP99: percentile(b.latencies, 99),
      hostileP99: percentile(h.latencies, 99),
      benignRequests: b.sent,
      hostileRequests: h.sent,
      hostileAnswers: h.answers,
      benignAnswers: b.answers,
    };
  } finally {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run alone: node --import tsx bench/hostile-ingest.ts
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureHostileIngest(Number(process.env.SECONDS ?? 8));
  console.log(JSON.stringify({ ...r, ratio: Math.round((r.hostileP99 / r.benignP99) * 100) / 100 }, null, 2));
}
