// GET /readyz, the load balancer's question "send me traffic?" (GET /healthz stays the
// liveness one: "is the process alive?"). Ready only while the schema is the code's, the
// database answers and the data directory takes a write; not ready from the moment a
// shutdown begins, so traffic moves elsewhere before connections are refused. Which check
// failed is logged, never answered: the endpoint is public.
import { unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../store/index.ts';

/** How often the checks run at most. */
const RECHECK_MS = 1000;

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
  let checking: Promise<NotReady | null> | null = null;
  let checkedAt = 0;
  const note = (now: NotReady | null): NotReady | null => {
    if (now !== reported) console.error(now ? `einblick: not ready: ${now.replaceAll('_', ' ')}` : 'einblick: ready again');
    reported = now;
    return now;
  };
  return {
    /** From now on not ready, whatever the checks say. */
    stop(): void {
      stopping = true;
    },
    /**
     * Null when ready; a change from the last answer is logged (once, not per probe). The
     * endpoint is public: the checks (queries, a file write, the bucket's HEAD) run at most
     * once a second, however often it is asked; probes in between share the last answer.
     */
    async check(): Promise<NotReady | null> {
      if (stopping) return note('stopping');
      if (!checking || Date.now() - checkedAt >= RECHECK_MS) {
        checkedAt = Date.now();
        checking = (async () => (await database()) ?? (writable() ? null : 'data_dir_not_writable'))();
      }
      return note(await checking);
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
