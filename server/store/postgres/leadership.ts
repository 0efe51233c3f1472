// One node at a time runs each background job (retention, webhook delivery, asset
// capture): the node holding the job's session advisory lock. The locks live on one
// connection of this node's own, so they are held as long as the node is alive and pass
// to another node when it dies (PostgreSQL ends the session and releases them).
import pg from 'pg';
import type { Job, Leadership } from '../contract.ts';

/** The two-key advisory locks' first key, "EBLK": apart from the store's one-key locks (PostgreSQL keeps the two key spaces apart). */
const CLASS = 0x45424c4b;
const JOBS: Record<Job | 'startup', number> = { retention: 1, webhooks: 2, assets: 3, startup: 4 };

export function pgLeadership(url: string): Leadership & { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  const held = new Set<Job>();
  let closed = false;

  const connection = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'einblick-leader', keepAlive: true, connectionTimeoutMillis: 10_000, query_timeout: 10_000 });
      const lost = () => {
        if (client === c) client = null;
        held.clear();
        c.end().catch(() => {});
      };
      c.on('error', lost);
      c.on('end', lost);
      try {
        await c.connect();
      } catch (err) {
        lost();
        throw err;
      }
      client = c;
      return c;
    })().finally(() => (connecting = null));
    return connecting;
  };

  return {
    async leads(job) {
      if (closed) return false;
      let c: pg.Client;
      try {
        c = await connection();
      } catch {
        return false;
      }
      if (held.has(job)) {
        // Still held only while the session lives: a network cut that nobody noticed
        // would otherwise leave two nodes both believing they run the job.
        const alive = await c.query('SELECT 1').then(() => true, () => false);
        if (!alive) c.emit('error', new Error('leadership connection lost'));
        return alive && held.has(job);
      }
      const { rows } = await c.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS got', [CLASS, JOBS[job]]).catch(() => ({ rows: [{ got: false }] }));
      if (rows[0]?.got) held.add(job);
      return held.has(job);
    },
    async exclusively(name, work) {
      // A connection of its own: the lock waits there, while `work` uses the pool.
      const c = new pg.Client({ connectionString: url, application_name: 'einblick-startup' });
      c.on('error', () => {});
      await c.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1, $2)', [CLASS, JOBS[name]]);
        return await work();
      } finally {
        // Ending the session releases the lock, also when work threw.
        await c.end().catch(() => {});
      }
    },
    async close() {
      closed = true;
      held.clear();
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
