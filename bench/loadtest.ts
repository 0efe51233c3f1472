// npm run loadtest: the server in its own process on loopback, simulated sessions
// uploading realistic gzip chunks, and the same load against a no-op route of the
// same server, measured in the same run. Bounded: about a minute.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { freePort, startChildServer } from './child-server.ts';
import { percentile, runLoad, type LoadOptions, type LoadResult } from './load-generator.ts';

const SECONDS = Number(process.env.LOADTEST_SECONDS ?? 5);
const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-load-'));
const server = await startChildServer({
  port: await freePort(),
  dataDir,
  adminToken: 'loadtest-admin-token-0000',
  // All simulated visitors share one loopback address, like visitors behind a proxy: lift the per-client limit.
  extraEnv: { EINBLICK_BENCH_NOOP: '1', EINBLICK_RATE_PER_CLIENT: '100000', EINBLICK_RATE_PER_SITE: '100000' },
});

interface Row { scenario: string; target: string; chunksPerSecond: number; mbPerSecond: number; p50: number; p99: number; errors: number; acked: number }
const rows: Row[] = [];
let ingestAcked = 0;

function row(scenario: string, target: string, r: LoadResult): Row {
  const seconds = r.elapsedMs / 1000;
  return {
    scenario,
    target,
    chunksPerSecond: Math.round(r.ackedCount / seconds),
    mbPerSecond: Math.round((r.ackedBytes / 1e6 / seconds) * 100) / 100,
    p50: Math.round(percentile(r.latencies, 50) * 10) / 10,
    p99: Math.round(percentile(r.latencies, 99) * 10) / 10,
    errors: r.retries + r.refused,
    acked: r.ackedCount,
  };
}

const TARGETS = [
  ['no-op route', { path: '/bench/noop' }],
  ['ingest, compact format', { path: '/api/v1/ingest', format: 'compact' }],
  ['ingest, gzip(JSON)', { path: '/api/v1/ingest', format: 'json' }],
] as const;

async function measure(scenario: string, o: Omit<LoadOptions, 'url' | 'site' | 'durationMs'>): Promise<void> {
  for (const [target, t] of TARGETS) {
    const r = await runLoad({ url: server.url, site: 'demo', durationMs: SECONDS * 1000, ...t, ...o });
    if (t.path !== '/bench/noop') ingestAcked += r.ackedCount;
    rows.push(row(scenario, target, r));
    process.stderr.write('.');
  }
}

try {
  for (const kb of [2, 10, 60]) await measure(`saturation, 50 sessions, ${kb} KB chunks`, { sessions: 50, chunkBytes: kb * 1000 });
  for (const kb of [10, 60]) await measure(`200 chunks/s, 200 sessions, ${kb} KB chunks`, { sessions: 200, chunkBytes: kb * 1000, ratePerSecond: 200 });
} finally {
  await server.stop();
}

const db = new Database(path.join(dataDir, 'einblick.db'), { readonly: true });
const stored = (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
const integrity = db.pragma('integrity_check', { simple: true });
db.close();
rmSync(dataDir, { recursive: true, force: true });

process.stderr.write('\n');
console.log(`Load test, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; client and server on the same machine.\n`);
console.log('| scenario | target | chunks/s | vs no-op | MB/s | p50 ms | p99 ms | errors |');
console.log('|---|---|---|---|---|---|---|---|');
for (let i = 0; i < rows.length; i += TARGETS.length) {
  const noop = rows[i]!;
  for (const r of rows.slice(i, i + TARGETS.length)) {
    const ratio = (r.chunksPerSecond / Math.max(1, noop.chunksPerSecond)).toFixed(2);
    console.log(`| ${r.scenario} | ${r.target} | ${r.chunksPerSecond} | ${ratio} | ${r.mbPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} |`);
  }
}
console.log(`\nAcknowledged ${ingestAcked} chunks, stored ${stored}: ${ingestAcked - stored} lost. integrity_check: ${integrity}.`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/loadtest.json', JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, rows, acked: ingestAcked, stored, integrity }, null, 2) + '\n');
if (stored !== ingestAcked || integrity !== 'ok') process.exitCode = 1;
