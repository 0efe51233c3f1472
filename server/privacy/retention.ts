// Retention: each site keeps data for its retentionDays, then it is erased the same
// way an officer's erasure is (secure_delete, WAL truncated). Runs at start and hourly,
// and from `npx einblick retention`; every run is in the audit trail.
import type { AppContext } from '../context.ts';
import type { ErasureCounts } from '../store/erase.ts';
import { audit } from './audit.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export interface RetentionRun { site: string; cutoff: string; removed: ErasureCounts }

export async function runRetention(ctx: AppContext, now = Date.now()): Promise<RetentionRun[]> {
  const runs: RetentionRun[] = [];
  for (const summary of await ctx.store.sites.listSites()) {
    const site = await ctx.store.sites.siteByKey(summary.key);
    if (!site) continue;
    const cutoff = now - site.retentionDays * DAY_MS;
    const removed = await ctx.store.erasure.expireBefore(site.id, cutoff);
    runs.push({ site: site.key, cutoff: new Date(cutoff).toISOString(), removed });
    await audit(ctx, { label: 'retention job', role: 'system' }, 'retention.run', undefined, { site: site.key, retentionDays: site.retentionDays, ...removed });
  }
  return runs;
}

/** Starts the hourly job; returns its stop. */
export function scheduleRetention(ctx: AppContext): () => void {
  const run = async () => {
    try {
      // With several nodes one runs it, so each run is one row in the audit trail.
      if (await ctx.store.leadership.leads('retention')) await runRetention(ctx);
    } catch (err) {
      // A run cut short by the server stopping resumes at the next start; only real failures are said.
      if (!ctx.store.closed) console.error('retention run failed:', err instanceof Error ? err.message : String(err));
    }
  };
  void run();
  const timer = setInterval(run, HOUR_MS);
  timer.unref();
  return () => clearInterval(timer);
}
