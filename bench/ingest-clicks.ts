// Ingest throughput with and without clicks in the chunks (heatmap facts and
// counters are written in the chunk's transaction), beside the no-op route of the
// same server, alternating the three loads so noise on this shared machine hits
// them alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startChildServer } from './child-server.ts';
import { runLoad, type LoadResult } from './load-generator.ts';

export interface IngestClicksTiming { noop: number; compact: number; compactClicks: number; clicksPerChunk: number }

export async function measureIngestClicks(rounds = 3, seconds = 4, clicksPerChunk = 10): Promise<IngestClicksTiming> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-bench-'));
  const child = await startChildServer({ port: await freePort(), dataDir, adminToken: 'bench-admin-token-00000', extraEnv: { EINBLICK_BENCH_NOOP: '1', EINBLICK_RATE_PER_CLIENT: '100000', EINBLICK_RATE_PER_SITE: '100000' } });
  const perSecond = (r: LoadResult) => r.ackedCount / (r.elapsedMs / 1000);
  const load = async (p: string, clicks: number) => perSecond(await runLoad({ url: child.url, site: 'demo', sessions: 50, chunkBytes: 10_000, durationMs: seconds * 1000, path: p, format: 'compact', clicksPerChunk: clicks }));
  const sum = { noop: 0, compact: 0, compactClicks: 0 };
  try {
    for (let i = 0; i < rounds; i++) {
      sum.noop += await load('/bench/noop', clicksPerChunk);
      sum.compact += await load('/api/v1/ingest', 0);
      sum.compactClicks += await load('/api/v1/ingest', clicksPerChunk);
    }
  } finally {
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { noop: sum.noop / rounds, compact: sum.compact / rounds, compactClicks: sum.compactClicks / rounds, clicksPerChunk };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await measureIngestClicks());
