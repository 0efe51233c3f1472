// npm run bench:backends: the PostgreSQL + S3 backend beside the SQLite default, in one
// run on this machine, as ratios to SQLite measured in the same run (the machine is
// shared and noisy: read the ratios). Three parts, each bounded:
//  1. ingest at saturation, the same load for each setup: SQLite (one node), PostgreSQL +
//     S3 (one node), PostgreSQL + S3 (two nodes, the sessions split across them), and
//     PostgreSQL alone (blobs as bytea, one node: the bucket's share); and what each
//     acknowledged chunk cost the database and the bucket;
//  2. heatmap JSON over 1,000,000 clicks of one page on each backend;
//  3. the replay's first frame of a 60-minute session on each backend.
// Writes bench/results/backends.json. Servers listen on loopback only.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { freePort, startChildServer, type ChildServer } from './child-server.ts';
import { percentile, runLoad, type LoadOptions, type LoadResult } from './load-generator.ts';
import { writeBenchVisits } from './heatmap-query.ts';
import { bulkWriteBenchVisits } from './pg-bulk-visits.ts';
import { measureReplayStart, type ReplayStart } from './replay-start.ts';
import { startBackendServer } from './backend-servers.ts';
import { freshPgDatabase, pgSkipReason, postgresTestUrl, type FreshDatabase } from '../test/helpers/postgres.ts';
import { startS3, type TestS3 } from '../test/helpers/s3.ts';
import { pageKey } from '../server/heatmaps/page-key.ts';
import type { TestServer } from '../test/helpers/server.ts';

const SECONDS = Number(process.env.BENCH_BACKENDS_SECONDS ?? 15);
/** The same load for every setup: about a recorder's chunk (36.9 KB a recorded minute in 6 chunks of 10 s). */
const LOAD = { site: 'demo', sessions: 40, chunkBytes: 6000, clicksPerChunk: 5 } satisfies Omit<LoadOptions, 'url' | 'durationMs'>;
const HEATMAP_SESSIONS = Number(process.env.BENCH_BACKENDS_HEATMAP_SESSIONS ?? 20_000); // × 50 clicks = 1,000,000 on the page
const HEATMAP_RUNS = 7;
const REPLAY_RUNS = Number(process.env.BENCH_BACKENDS_REPLAY_RUNS ?? 3);
const ADMIN = 'backends-bench-admin-token-0000';
const step = (what: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${what}…\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const skip = await pgSkipReason();
if (skip) {
  console.error(`bench:backends needs PostgreSQL: ${skip}`);
  process.exit(2);
}

// ---------- what a chunk costs each backend ----------

/** Bytes SQLite's pages hold (free pages left out), read beside the running server. */
function sqliteUsedBytes(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'einblick.db'), { readonly: true, fileMustExist: true });
  try {
    const n = (p: string) => db.pragma(p, { simple: true }) as number;
    return (n('page_count') - n('freelist_count')) * n('page_size');
  } finally {
    db.close();
  }
}

interface PgCounters { commits: number; inserted: number; updated: number; deleted: number; bytes: number; tables: Record<string, number>; tableBytes: Record<string, number> }

/** Counters of the whole database (pg_stat_database) and rows inserted per table (pg_stat_user_tables). */
async function pgCounters(db: FreshDatabase): Promise<PgCounters> {
  // Backends report their statistics when idle, at most once a second: wait past that.
  await new Promise((r) => setTimeout(r, 1500));
  const admin = new pg.Client({ connectionString: postgresTestUrl() });
  const own = new pg.Client({ connectionString: db.url });
  await Promise.all([admin.connect(), own.connect()]);
  try {
    // Asked from another database, so these queries are not counted in it.
    const s = (await admin.query('SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, pg_database_size(datname) AS bytes FROM pg_stat_database WHERE datname = $1', [db.name])).rows[0];
    // A table's bytes with its indexes and TOAST: what a row of it costs on disk.
    const t = await own.query('SELECT relname, n_tup_ins, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables');
    const tables: Record<string, number> = {};
    const tableBytes: Record<string, number> = {};
    for (const r of t.rows) {
      tables[r.relname as string] = Number(r.n_tup_ins);
      tableBytes[r.relname as string] = Number(r.bytes);
    }
    return { commits: Number(s.xact_commit), inserted: Number(s.tup_inserted), updated: Number(s.tup_updated), deleted: Number(s.tup_deleted), bytes: Number(s.bytes), tables, tableBytes };
  } finally {
    await Promise.all([admin.end(), own.end()]);
  }
}

/** Objects in s3rver's directory (its metadata files left out) and their bytes. */
function bucketObjects(s3: TestS3): { objects: number; bytes: number } {
  let objects = 0;
  let bytes = 0;
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('._S3rver_object')) {
        objects++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(s3.directory);
  return { objects, bytes };
}

/** CPU time a process has used (all its threads), in ms; null where /proc is missing. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

// ---------- 1. ingest ----------

interface IngestRow {
  setup: string;
  nodes: number;
  acked: number;
  chunksPerSecond: number;
  p50: number;
  p95: number;
  retries: number;
  refused: number;
  /** Server CPU ms per acknowledged chunk, all nodes together (PostgreSQL's and s3rver's own CPU not included). */
  serverCpuMsPerChunk: number | null;
  ratioToSqlite?: number;
  perChunk: Record<string, number>;
  pgRowsPerChunkByTable?: Record<string, number>;
  /** Growth of each table with its indexes, per chunk (pages are allocated in 8 KB steps: read over many chunks). */
  pgBytesPerChunkByTable?: Record<string, number>;
}

/** The load split across `nodes`: session i of the total goes to node i mod n, as a balancer would spread visitors. */
async function splitLoad(nodes: ChildServer[], durationMs: number): Promise<LoadResult> {
  const share = (i: number) => Math.floor(LOAD.sessions / nodes.length) + (i < LOAD.sessions % nodes.length ? 1 : 0);
  const parts = await Promise.all(nodes.map((n, i) => runLoad({ ...LOAD, url: n.url, durationMs, sessions: share(i) })));
  return {
    acked: new Map(parts.flatMap((p) => [...p.acked])),
    ackedCount: parts.reduce((a, p) => a + p.ackedCount, 0),
    ackedBytes: parts.reduce((a, p) => a + p.ackedBytes, 0),
    latencies: parts.flatMap((p) => p.latencies),
    retries: parts.reduce((a, p) => a + p.retries, 0),
    refused: parts.reduce((a, p) => a + p.refused, 0),
    elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
  };
}

const dirs: string[] = [];
async function startNodes(n: number, extraEnv: Record<string, string>): Promise<ChildServer[]> {
  const env = {
    // All simulated visitors share one loopback address: lift the per-client and per-site limits.
    EINBLICK_RATE_PER_CLIENT: '100000', EINBLICK_RATE_PER_SITE: '100000', EINBLICK_SCREENSHOTS: '0', ...extraEnv,
  };
  return Promise.all(
    Array.from({ length: n }, async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-backends-'));
      dirs.push(dataDir);
      return startChildServer({ port: await freePort(), dataDir, adminToken: ADMIN, extraEnv: env });
    }),
  );
}

interface Meter<T> { before(): Promise<T>; after(before: T, acked: number): Promise<Partial<IngestRow>> }

async function measureIngest(setup: string, nodes: ChildServer[], meter: Meter<unknown>): Promise<IngestRow> {
  step(`ingest: ${setup}, warm-up`);
  await splitLoad(nodes, 2000);
  const snapshot = await meter.before();
  const cpu0 = nodes.map((n) => cpuMs(n.process.pid));
  step(`ingest: ${setup}, ${SECONDS} s`);
  const r = await splitLoad(nodes, SECONDS * 1000);
  const cpu1 = nodes.map((n) => cpuMs(n.process.pid));
  const cpu = cpu0.some((c) => c === null) || cpu1.some((c) => c === null) ? null : cpu1.reduce((a, c, i) => a! + c! - cpu0[i]!, 0)!;
  const extra = await meter.after(snapshot, r.ackedCount);
  return {
    setup, nodes: nodes.length, acked: r.ackedCount,
    chunksPerSecond: round(r.ackedCount / (r.elapsedMs / 1000), 0),
    p50: round(percentile(r.latencies, 50)), p95: round(percentile(r.latencies, 95)),
    retries: r.retries, refused: r.refused,
    serverCpuMsPerChunk: cpu === null || !r.ackedCount ? null : round(cpu / r.ackedCount, 2),
    perChunk: {}, ...extra,
  };
}

async function ingestOnSqlite(): Promise<IngestRow> {
  const nodes = await startNodes(1, {});
  try {
    const dataDir = dirs[dirs.length - 1]!;
    return await measureIngest('SQLite (default), 1 node', nodes, {
      before: async () => sqliteUsedBytes(dataDir),
      after: async (before, acked) => ({ perChunk: { sqliteBytes: round((sqliteUsedBytes(dataDir) - (before as number)) / acked, 0) } }),
    });
  } finally {
    await Promise.all(nodes.map((n) => n.stop()));
  }
}

/** `withS3` false: the chunk blobs stay in PostgreSQL (bytea), to tell the bucket's share of the cost from the database's. */
async function ingestOnPostgres(n: number, withS3 = true): Promise<IngestRow> {
  const db = await freshPgDatabase('bench_backends');
  const s3 = withS3 ? await startS3() : undefined;
  const noBucket = { objects: 0, bytes: 0 };
  try {
    const nodes = await startNodes(n, { DATABASE_URL: db.url, EINBLICK_SECRET_KEY: randomBytes(32).toString('base64'), ...s3?.env });
    try {
      return await measureIngest(`PostgreSQL${s3 ? ' + S3' : ' only (blobs as bytea)'}, ${n} node${n > 1 ? 's' : ''}`, nodes, {
        before: async () => ({ pg: await pgCounters(db), s3: s3 ? bucketObjects(s3) : noBucket }),
        after: async (b, acked) => {
          const before = b as { pg: PgCounters; s3: { objects: number; bytes: number } };
          const pgNow = await pgCounters(db);
          const s3Now = s3 ? bucketObjects(s3) : noBucket;
          const per = (x: number) => round(x / acked, 2);
          const byTable: Record<string, number> = {};
          for (const [t, v] of Object.entries(pgNow.tables)) {
            const d = v - (before.pg.tables[t] ?? 0);
            if (d > 0) byTable[t] = per(d);
          }
          const bytesByTable: Record<string, number> = {};
          for (const [t, v] of Object.entries(pgNow.tableBytes)) {
            const d = v - (before.pg.tableBytes[t] ?? 0);
            if (d > 0) bytesByTable[t] = round(d / acked, 0);
          }
          return {
            perChunk: {
              pgCommits: per(pgNow.commits - before.pg.commits),
              pgRowsInserted: per(pgNow.inserted - before.pg.inserted),
              pgRowsUpdated: per(pgNow.updated - before.pg.updated),
              pgRowsDeleted: per(pgNow.deleted - before.pg.deleted),
              pgBytes: round((pgNow.bytes - before.pg.bytes) / acked, 0),
              s3Objects: per(s3Now.objects - before.s3.objects),
              s3Bytes: round((s3Now.bytes - before.s3.bytes) / acked, 0),
            },
            pgRowsPerChunkByTable: byTable,
            pgBytesPerChunkByTable: bytesByTable,
          };
        },
      });
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }
  } finally {
    await s3?.close();
    await db.drop();
  }
}

// ---------- 2. heatmap JSON over 1 M clicks ----------

interface HeatmapRow {
  backend: string;
  /** writeSeconds: SQLite through writeChunks in batches of 100; PostgreSQL in bulk (pg-bulk-visits.ts): not comparable. */
  clicks: number; pageViews: number; writeSeconds: number; firstMs: number; p50: number; p95: number; httpJsonMs: number; ratioToSqlite?: number }

const PAGE = 'https://shop.example/pricing';

async function heatmapOn(backend: string, server: TestServer, write: (store: TestServer['store']) => Promise<void>): Promise<HeatmapRow> {
  const { store } = server;
  step(`heatmap: ${backend}, writing ${HEATMAP_SESSIONS * 50} clicks`);
  let t = performance.now();
  await write(store);
  const writeSeconds = round((performance.now() - t) / 1000);
  const site = (await store.sites.siteByKey('demo'))!;
  const from = Date.UTC(2026, 9, 1);
  const f = { siteId: site.id, page: pageKey(PAGE, site.pageQueryKeys), device: 'desktop' as const, from, to: Date.UTC(2026, 9, 31, 23, 59, 59, 999) };
  // What the /api/v1/heatmaps/clicks route asks the store for, at its default 8 px cells.
  const query = async () => {
    const counts = await store.heatmaps.heatmapCounts(f, 8);
    await store.heatmaps.frustratedClicks(f);
    await store.heatmaps.clickPoints(f, counts.totals.clicks);
    return counts.totals;
  };
  step(`heatmap: ${backend}, querying`);
  t = performance.now();
  const totals = await query(); // also sums each ended day from its hours, once
  const firstMs = performance.now() - t;
  const ms: number[] = [];
  for (let i = 0; i < HEATMAP_RUNS; i++) {
    t = performance.now();
    await query();
    ms.push(performance.now() - t);
  }
  const q = new URLSearchParams({ site: 'demo', url: PAGE, device: 'desktop', from: '2026-10-01', to: '2026-10-31' });
  const http: number[] = [];
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const res = await server.api(`/api/v1/heatmaps/clicks?${q}`);
    if (res.status !== 200) throw new Error(`heatmap JSON on ${backend}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    http.push(performance.now() - t);
  }
  return { backend, clicks: totals.clicks, pageViews: totals.pageViews, writeSeconds, firstMs: round(firstMs), p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), httpJsonMs: round(median(http)) };
}

// ---------- the run ----------

const started = new Date();
const load0 = loadavg()[0]!;
const ingest: IngestRow[] = [];
const heatmap: HeatmapRow[] = [];
const replay: (ReplayStart & { backend: string; ratioToSqlite?: number })[] = [];
/** Written after each part too, so a part that fails late keeps what the others measured. */
const save = () => {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/backends.json', JSON.stringify({
    date: started.toISOString(),
    finished: new Date().toISOString(),
    machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverageAtStart: round(load0, 2), loadAverageAtEnd: round(loadavg()[0]!, 2) },
    note: 'One shared machine: the load generator, every node, PostgreSQL 15 and s3rver share its cores. Read the ratios against SQLite, measured in the same run.',
    load: { ...LOAD, seconds: SECONDS },
    ingest,
    heatmap,
    replay,
  }, null, 2) + '\n');
};
try {
  ingest.push(await ingestOnSqlite());
  ingest.push(await ingestOnPostgres(1));
  ingest.push(await ingestOnPostgres(2));
  ingest.push(await ingestOnPostgres(1, false));
  for (const r of ingest) r.ratioToSqlite = round(r.chunksPerSecond / ingest[0]!.chunksPerSecond, 2);
  save();

  {
    const server = await startBackendServer();
    try {
      heatmap.push(await heatmapOn('SQLite', server, (store) => writeBenchVisits(store, HEATMAP_SESSIONS)));
    } finally {
      await server.close();
    }
    // Heatmaps read only rows: the blobs of these chunks (20,000 '[]') would add nothing but a bucket to fill.
    const db = await freshPgDatabase('bench_heatmap');
    try {
      const pgServer = await startBackendServer({ databaseUrl: db.url });
      try {
        heatmap.push(await heatmapOn('PostgreSQL', pgServer, async (store) => bulkWriteBenchVisits(db.url, (await store.sites.siteByKey('demo'))!.id, HEATMAP_SESSIONS)));
      } finally {
        await pgServer.close();
      }
    } finally {
      await db.drop();
    }
    for (const r of heatmap) r.ratioToSqlite = round(r.p50 / heatmap[0]!.p50, 2);
    save();
  }

  step('replay first frame: SQLite');
  replay.push({ backend: 'SQLite', ...(await measureReplayStart(REPLAY_RUNS, 5)) });
  {
    const db = await freshPgDatabase('bench_replay');
    const s3 = await startS3();
    try {
      step('replay first frame: PostgreSQL + S3');
      replay.push({ backend: 'PostgreSQL + S3', ...(await measureReplayStart(REPLAY_RUNS, 5, () => startBackendServer({ databaseUrl: db.url, s3Env: s3.env }))) });
    } finally {
      await s3.close();
      await db.drop();
    }
  }
  for (const r of replay) r.ratioToSqlite = round(r.firstFrameMs / replay[0]!.firstFrameMs, 2);
} finally {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

save();

console.log(`\nIngest: ${LOAD.sessions} sessions, ${LOAD.chunkBytes / 1000} KB chunks, ${LOAD.clicksPerChunk} clicks each, ${SECONDS} s at saturation (load average ${round(load0, 1)} at start)`);
console.table(ingest.map((r) => ({ setup: r.setup, 'chunks/s': r.chunksPerSecond, 'ratio to SQLite': r.ratioToSqlite, 'p50 ms': r.p50, 'p95 ms': r.p95, 'server CPU ms/chunk': r.serverCpuMsPerChunk, retries: r.retries + r.refused })));
console.log('Per acknowledged chunk:');
console.table(ingest.map((r) => ({ setup: r.setup, ...r.perChunk })));
console.log('PostgreSQL per chunk, by table (PostgreSQL + S3, one node): rows inserted, bytes grown (with indexes)');
const one = ingest[1];
console.table(Object.fromEntries(Object.keys({ ...one?.pgRowsPerChunkByTable, ...one?.pgBytesPerChunkByTable }).map((t) => [t, { rows: one?.pgRowsPerChunkByTable?.[t] ?? 0, bytes: one?.pgBytesPerChunkByTable?.[t] ?? 0 }])));
console.log('Heatmap JSON over 1 M clicks (heatmapCounts + frustratedClicks + clickPoints, as the route; ms):');
console.table(heatmap.map((r) => ({ backend: r.backend, clicks: r.clicks, 'page views': r.pageViews, 'write s': r.writeSeconds, 'first ms': r.firstMs, 'p50 ms': r.p50, 'p95 ms': r.p95, 'ratio p50 to SQLite': r.ratioToSqlite, 'HTTP JSON ms': r.httpJsonMs })));
console.log('Replay of a 60-minute session: first rendered frame, cache emptied (medians):');
console.table(replay.map((r) => ({ backend: r.backend, 'first frame ms': round(r.firstFrameMs), 'ratio to SQLite': r.ratioToSqlite, 'cache kept ms': round(r.warmFirstFrameMs), 'slowest seek ms': round(r.seekMs), 'stream bytes': r.streamBytes })));
console.log('Written to bench/results/backends.json');
