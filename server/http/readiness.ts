// GET /readyz, the load balancer's question "send me traffic?" (GET /healthz stays the
// liveness one: "is the process alive?"). Ready only while the schema is the code's, the
// database answers and the data directory takes a write; not ready from the moment a
// shutdown begins, so traffic moves elsewhere before connections are refused. Which check
// failed is logged, never answered: the endpoint is public.
import { unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store/index.ts';

export type NotReady = 'stopping' | 'migrations_pending' | 'database_unavailable' | 'data_dir_not_writable';

export function createReadiness(store: Store, dataDir: string | null) {
  let stopping = false;
  let reported: NotReady | null = null;
  const probe = dataDir === null ? null : path.join(dataDir, '.readyz-probe');
  const writable = (): boolean => {
    if (probe === null) return true;
    try {
      // access(W_OK) says yes to root on a read-only bind mount's files and knows no full disk; a write does.
      writeFileSync(probe, 'ok');
      unlinkSync(probe);
      return true;
    } catch {
      return false;
    }
  };
  const database = async (): Promise<NotReady | null> => {
    try {
      if (!await store.readiness.answers()) return 'database_unavailable';
      return await store.readiness.migrationsApplied() ? null : 'migrations_pending';
    } catch {
      return 'database_unavailable';
    }
  };
  return {
    /** From now on not ready, whatever the checks say. */
    stop(): void {
      stopping = true;
    },
    /** Null when ready; a change from the last answer is logged (once, not per probe). */
    async check(): Promise<NotReady | null> {
      const now = stopping ? 'stopping' : (await database() ?? (writable() ? null : 'data_dir_not_writable'));
      if (now !== reported) console.error(now ? `einblick: not ready: ${now.replaceAll('_', ' ')}` : 'einblick: ready again');
      reported = now;
      return now;
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
