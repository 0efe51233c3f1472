// A heatmap over 1,000,000 stored clicks of one page (200,000 page views over 30
// days, written through the store's own ingest), asked over HTTP for its JSON and
// PNG: from the hourly counters, grouped from the clicks, and for a survey segment
// (read session by session); beside a plain GROUP BY without index, in the same run.
import { startTestServer } from '../test/helpers/server.ts';
import type { ChunkFacts } from '../contract/schemas/index.ts';
import type { Store } from '../server/store/index.ts';
import { sqliteDb } from '../test/helpers/sqlite-db.ts';

export interface HeatmapQueryTiming {
  clicks: number;
  pageViews: number;
  /** Medians of 5, milliseconds. */
  jsonMs: number;
  /** The first JSON read after the clicks were written, left out of jsonMs: it also sums each ended day from its hours, once. */
  jsonFirstMs: number;
  pngMs: number;
  scrollMs: number;
  rawJsonMs: number;
  /** The same page cut to a survey segment of one session in a hundred (NPS detractors). */
  segmentJsonMs: number;
  segmentSessions: number;
  plainGroupByMs: number;
  writeSeconds: number;
}

const PAGE = 'https://shop.example/pricing';
export const BENCH_PAGE = PAGE;
const DAY = 86_400_000;

/**
 * One visit of ten page views with five clicks each: nine in ten on one of 40
 * buttons (160 × 48 px, in a 4 × 10 grid down the page) anywhere inside it, the
 * rest anywhere on the page; a few rage and dead clicks.
 */
export function visitChunk(s: number, sessions: number, page: string): ChunkFacts {
  const start = Date.UTC(2026, 9, 1) + Math.floor((s / sessions) * 30 * DAY);
  const pages = Array.from({ length: 10 }, (_, pv) => ({ pv, url: `${page}?utm=${s % 7}`, ts: start + pv * 10_000, viewportWidth: 1280, viewportHeight: 720, docWidth: 1280, docHeight: 5000 }));
  const clicks = Array.from({ length: 50 }, (_, i) => {
    const k = s * 50 + i;
    const r = (k * 2_654_435_761) % 4_294_967_296;
    const pv = Math.floor(i / 5);
    const ts = start + pv * 10_000 + (i % 5) * 1500;
    if (r % 10 === 0) return { pv, ts, x: (r >>> 8) % 1280, y: (r >>> 4) % 5000, selector: 'main', offsetX: 50, offsetY: 50, dead: true };
    const button = r % 40;
    const offsetX = (r >>> 6) % 100;
    const offsetY = (r >>> 13) % 100;
    const x = 80 + (button % 4) * 300 + offsetX * 1.6;
    const y = 300 + Math.floor(button / 4) * 460 + offsetY * 0.48;
    return { pv, ts, x, y, selector: `button#b${button}`, offsetX, offsetY, rage: r % 97 === 0 };
  });
  const scroll = pages.map((p) => ({ pv: p.pv, ts: p.ts + 5000, depth: ((s + p.pv) % 20) / 19 }));
  return { site: 'demo', visitor: `v-${s % 5000}`, session: `bench-${page.length}-${s}`, seq: 0, pages, clicks, scroll };
}

/** `sessions` visits to the page and, for the index to pick it out, a tenth as many to another. */
export async function writeBenchVisits(store: Store, sessions: number): Promise<void> {
  const site = (await store.sites.siteByKey('demo'))!;
  for (const [page, count] of [[PAGE, sessions], [PAGE + '/other', sessions / 10]] as const) {
    for (let s = 0; s < count; s += 100) {
      const batch = Array.from({ length: Math.min(100, count - s) }, (_, i) => {
        const chunk = visitChunk(s + i, count, page);
        return { siteId: site.id, chunk, eventCount: 1, data: Buffer.from('[]'), hash: Buffer.from(chunk.session), firstTs: chunk.pages[0]!.ts, lastTs: chunk.pages[0]!.ts + 100_000, fullSnapshot: false, externalHash: null, consent: null, receivedAt: Date.now() };
      });
      await store.chunks.writeChunks(batch);
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureHeatmapQuery(sessions = 20_000): Promise<HeatmapQueryTiming> {
  const server = await startTestServer();
  try {
    const { store } = server;
    const db = sqliteDb(store);
    let t = performance.now();
    await writeBenchVisits(store, sessions);
    const writeSeconds = (performance.now() - t) / 1000;
    const clicks = (db.prepare('SELECT count(*) AS n FROM clicks WHERE page = ?').get(PAGE) as { n: number }).n;
    const pageViews = (db.prepare('SELECT count(*) AS n FROM page_views WHERE page = ?').get(PAGE) as { n: number }).n;

    const q = new URLSearchParams({ site: 'demo', url: PAGE, device: 'desktop', from: '2026-10-01', to: '2026-10-31' });
    let first = 0;
    const timed = async (path: string, runs = 5) => {
      const ms: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        const res = await server.api(path);
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
        if (i > 0) ms.push(performance.now() - t0); // the first warms the page cache (and sums the days)
        else first = performance.now() - t0;
      }
      return median(ms);
    };
    const jsonMs = await timed(`/api/v1/heatmaps/clicks?${q}`);
    const jsonFirstMs = first;
    const pngMs = await timed(`/api/v1/heatmaps/clicks.png?${q}`);
    const scrollMs = await timed(`/api/v1/heatmaps/scroll?${q}`);
    // 12 px cells are not made of the 8 px counters: they are grouped from the clicks.
    const rawJsonMs = await timed(`/api/v1/heatmaps/clicks?${q}&cell=12`, 3);
    // Detractors: one session in a hundred answered an NPS survey with 3.
    const survey = `srv_bench_segment`;
    const site = (await store.sites.siteByKey('demo'))!;
    await store.surveys.createSurvey(survey, site.id, { kind: 'nps', question: { en: 'Recommend?', de: 'Recommend?' }, comment: null, trigger: {}, capDays: 30, sample: 1 });
    let segmentSessions = 0;
    for (let s = 0; s < sessions; s += 100) {
      const ts = Date.UTC(2026, 9, 1) + Math.floor((s / sessions) * 30 * DAY);
      await store.surveys.storeAnswer({ id: `bench-answer-${s}`, surveyId: survey, siteId: site.id, visitor: `v-${s % 5000}`, session: `bench-${PAGE.length}-${s}`, score: 3, comment: null, url: PAGE, page: PAGE, device: 'desktop', ts, receivedAt: ts, webhookDueAt: null });
      segmentSessions++;
    }
    const segmentJsonMs = await timed(`/api/v1/heatmaps/clicks?${q}&survey=${survey}&scoreMax=6`, 3);

    const plain = db.prepare(`SELECT CAST(x / 8 AS INTEGER) AS cx, CAST(y / 8 AS INTEGER) AS cy, count(*) FROM clicks NOT INDEXED WHERE page = ? GROUP BY cx, cy`);
    const plainMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      plain.all(PAGE);
      plainMs.push(performance.now() - t);
    }
    return { clicks, pageViews, jsonMs, jsonFirstMs, pngMs, scrollMs, rawJsonMs, segmentJsonMs, segmentSessions, plainGroupByMs: median(plainMs), writeSeconds };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureHeatmapQuery(Number(process.argv[2] ?? 20_000)));
