// What each step of ingesting one compact chunk costs, in CPU ms, on the load
// generator's chunks (bench/load-generator.ts): the pieces the load test adds up.
// In-process and one step at a time, so these are lower bounds: under load the steps
// share two cores with the load generator and with each other.
//
//   node --import tsx bench/ingest-steps.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash, randomBytes } from 'node:crypto';
import { eventsJson } from './load-generator.ts';
import { inflateEvents } from '../server/pii/inflate.ts';
import { CANDIDATE_VALUE, eventWindows } from '../server/pii/first-look.ts';
import { scanChunk } from '../server/pii/scan-chunk.ts';
import { ChunkHeader } from '../contract/schemas/index.ts';
import { openStore } from '../server/store/index.ts';
import type { ChunkWrite } from '../server/store/chunks.ts';

export interface StepCost { step: string; kb: number; ms: number }

const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** CPU ms per call of `f`, the best of three runs of `n` calls (after a warm-up). */
function cost(n: number, f: () => unknown): number {
  for (let i = 0; i < Math.min(n, 20); i++) f();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < n; i++) f();
    best = Math.min(best, (cpuMs() - t0) / n);
  }
  return best;
}

const header = (clicks: number) => {
  const now = Date.now();
  return JSON.stringify({
    site: 'demo', visitor: 'v-load-0-0123456789ab', session: 'load-0-0123456789ab', seq: 3, eventCount: 100, firstTs: now - 5000, lastTs: now, fullSnapshot: false,
    pages: [], clicks: Array.from({ length: clicks }, (_, i) => ({ pv: 0, ts: now - 5000 + i * 100, x: 100 + i * 30, y: 400 + i * 90, selector: `button#b${i}`, offsetX: i, offsetY: i })),
  });
};

/** Bytes written to files by this process so far (Linux), or null. */
function writtenBytes(): number | null {
  try {
    return Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
  } catch {
    return null;
  }
}

/** Storing chunks in group commits of 16 (as under load), after 9,600 are already there. */
async function storeCost(data: Buffer, clicks: number): Promise<{ ms: number; writtenKb: number | null }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-steps-'));
  const store = openStore(path.join(dir, 'einblick.db'));
  try {
    const site = await store.sites.createSite('steps', { name: 'Steps', origins: [], retentionDays: 90, privacy: 'strict' });
    const sessions = Array.from({ length: 50 }, (_, i) => ({ id: `steps-${i}-${randomBytes(4).toString('hex')}`, seq: 0 }));
    const write = (): ChunkWrite => {
      const s = sessions[Math.floor(Math.random() * sessions.length)]!;
      const seq = s.seq++;
      const now = Date.now();
      const pages = seq === 0 ? [{ pv: 0, url: 'https://shop.example/pricing', ts: now - 5000, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 3100 }] : [];
      const chunkClicks = Array.from({ length: clicks }, (_, i) => ({ pv: 0, ts: now - 5000 + i * 100, x: 100 + ((seq + i) % 4) * 300, y: 400 + i * 90, selector: `button#b${(seq * 7 + i) % 12}`, offsetX: i, offsetY: i }));
      return {
        siteId: site.id, chunk: { site: 'steps', visitor: `v-${s.id}`, session: s.id, seq, pages, clicks: chunkClicks, scroll: [] }, eventCount: 100, data,
        hash: createHash('sha256').update(`${s.id}/${seq}`).digest(), firstTs: now - 5000, lastTs: now, fullSnapshot: false, externalHash: null, consent: null, receivedAt: now, leaks: [],
      };
    };
    const batch = () => store.chunks.writeChunks(Array.from({ length: 16 }, write));
    for (let i = 0; i < 600; i++) await batch();
    const rounds = 100;
    const w0 = writtenBytes();
    const t0 = cpuMs();
    for (let i = 0; i < rounds; i++) await batch();
    const ms = (cpuMs() - t0) / (rounds * 16);
    const w1 = writtenBytes();
    return { ms, writtenKb: w0 === null || w1 === null ? null : (w1 - w0) / (rounds * 16) / 1024 };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureIngestSteps(): Promise<StepCost[]> {
  const out: StepCost[] = [];
  const add = (step: string, kb: number, ms: number) => out.push({ step, kb, ms: Math.round(ms * 1000) / 1000 });
  for (const kb of [10, 60]) {
    const json = Buffer.from(eventsJson(kb * 1000));
    const gz = gzipSync(json);
    const n = kb === 10 ? 400 : 80;
    add('sha256 of the body', kb, cost(n, () => createHash('sha256').update(gz).digest()));
    add('scan: inflate', kb, cost(n, () => inflateEvents(gz, 8 << 20)));
    add('scan: latin1 windows', kb, cost(n, () => [...eventWindows(json)].length));
    const windows = [...eventWindows(json)].map((w) => w.text);
    add('scan: first-look regex', kb, cost(n, () => windows.forEach((s) => ((CANDIDATE_VALUE.lastIndex = 0), CANDIDATE_VALUE.exec(s)))));
    add('scan: whole (scanChunk)', kb, cost(n, () => scanChunk({ id: 0, data: gz, limit: 8 << 20 })));
    for (const clicks of [0, 10]) {
      const { ms, writtenKb } = await storeCost(gz, clicks);
      add(`store, ${clicks} clicks (group commits of 16, synchronous=FULL)`, kb, ms);
      if (writtenKb !== null) out.push({ step: `  KB written per chunk, ${clicks} clicks (WAL and checkpoints)`, kb, ms: Math.round(writtenKb) });
    }
  }
  for (const clicks of [0, 10]) {
    const h = header(clicks);
    add(`header: JSON.parse + zod, ${clicks} clicks`, 0, cost(5000, () => ChunkHeader.safeParse(JSON.parse(h))));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await measureIngestSteps()) console.log(`${r.kb ? `${r.kb} KB` : '    '}  ${r.step.padEnd(58)} ${r.ms}`);
}
