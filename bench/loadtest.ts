// npm run loadtest: the server in its own process on loopback, simulated sessions
// uploading realistic gzip chunks, and the same load against a no-op route of the
// same server, measured in the same run; and the compact format once more against a
// second server with the PII scan switched off, so the scan's own cost shows. Bounded:
// about a minute and a half.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { freePort, startChildServer } from './child-server.ts';
import { percentile, runLoad, type LoadOptions, type LoadResult } from './load-generator.ts';

const SECONDS = Number(process.env.LOADTEST_SECONDS ?? 5);
const dataDirs = [mkdtempSync(path.join(tmpdir(), 'einblick-load-')), mkdtempSync(path.join(tmpdir(), 'einblick-load-'))] as const;
const startServer = async (dataDir: string, scan: '0' | '1') =>
  startChildServer({
    port: await freePort(),
    dataDir,
    adminToken: 'loadtest-admin-token-0000',
    // All simulated visitors share one loopback address, like visitors behind a proxy: lift the per-client limit.
    extraEnv: { EINBLICK_BENCH_NOOP: '1', EINBLICK_RATE_PER_CLIENT: '100000', EINBLICK_RATE_PER_SITE: '100000', EINBLICK_PII_SCAN: scan },
  });
const servers = { scanned: await startServer(dataDirs[0], '1'), unscanned: await startServer(dataDirs[1], '0') };

interface Row { scenario: string; target: string; chunksPerSecond: number; mbPerSecond: number; p50: number; p99: number; errors: number; acked: number; serverCpuMs: number | null }

/** CPU time the server process (all its threads) has used, in ms; null where /proc is missing. */
function serverCpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}
const rows: Row[] = [];
let ingestAcked = 0;

function row(scenario: string, target: string, r: LoadResult, cpuMs: number | null): Row {
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
    // Busy or not, the machine's other work does not change what a chunk costs the server.
    serverCpuMs: cpuMs === null || !r.ackedCount ? null : Math.round((cpuMs / r.ackedCount) * 100) / 100,
  };
}

const TARGETS = [
  ['no-op route', { path: '/bench/noop' }, 'scanned'],
  ['ingest, compact format', { path: '/api/v1/ingest', format: 'compact' }, 'scanned'],
  ['ingest, compact format, PII scan off', { path: '/api/v1/ingest', format: 'compact' }, 'unscanned'],
  ['ingest, gzip(JSON)', { path: '/api/v1/ingest', format: 'json' }, 'scanned'],
] as const;

async function measure(scenario: string, o: Omit<LoadOptions, 'url' | 'site' | 'durationMs'>): Promise<void> {
  for (const [target, t, on] of TARGETS) {
    const pid = servers[on].process.pid;
    const cpuBefore = serverCpuMs(pid);
    const r = await runLoad({ url: servers[on].url, site: 'demo', durationMs: SECONDS * 1000, ...t, ...o });
    const cpuAfter = serverCpuMs(pid);
    if (t.path !== '/bench/noop') ingestAcked += r.ackedCount;
    rows.push(row(scenario, target, r, cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore));
    process.stderr.write('.');
  }
}

try {
  for (const kb of [2, 10, 60]) await measure(`saturation, 50 sessions, ${kb} KB chunks`, { sessions: 50, chunkBytes: kb * 1000 });
  for (const kb of [10, 60]) await measure(`200 chunks/s, 200 sessions, ${kb} KB chunks`, { sessions: 200, chunkBytes: kb * 1000, ratePerSecond: 200 });
} finally {
  await Promise.all([servers.scanned.stop(), servers.unscanned.stop()]);
}

let stored = 0;
let integrity = 'ok';
for (const dataDir of dataDirs) {
  const db = new Database(path.join(dataDir, 'einblick.db'), { readonly: true });
  stored += (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  const check = db.pragma('integrity_check', { simple: true }) as string;
  if (check !== 'ok') integrity = check;
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
}

process.stderr.write('\n');
console.log(`Load test, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; client and server on the same machine.\n`);
console.log('| scenario | target | chunks/s | vs no-op | MB/s | p50 ms | p99 ms | errors | server CPU ms/chunk |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (let i = 0; i < rows.length; i += TARGETS.length) {
  const noop = rows[i]!;
  for (const r of rows.slice(i, i + TARGETS.length)) {
    const ratio = (r.chunksPerSecond / Math.max(1, noop.chunksPerSecond)).toFixed(2);
    console.log(`| ${r.scenario} | ${r.target} | ${r.chunksPerSecond} | ${ratio} | ${r.mbPerSecond} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.serverCpuMs ?? '—'} |`);
  }
}
console.log(`\nAcknowledged ${ingestAcked} chunks, stored ${stored}: ${ingestAcked - stored} lost. integrity_check: ${integrity}.`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/loadtest.json', JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, rows, acked: ingestAcked, stored, integrity }, null, 2) + '\n');
if (stored !== ingestAcked || integrity !== 'ok') process.exitCode = 1;
