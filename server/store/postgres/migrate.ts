// Brings a PostgreSQL database's schema up to date by the same rules as the SQLite
// runner (../migrate.ts, ../migration-files.ts): each applied migration recorded with
// its checksum, an edited, unknown or newer one refused by name, the missing ones
// applied in order, each in its own transaction (PostgreSQL's DDL is transactional, so
// a failed one leaves the schema as it was). Several nodes may start at once against
// one database: a session advisory lock makes them take turns, so the second finds the
// first's migrations recorded and applies none of them again.
import type { Pg } from './db.ts';
import { failedMigration, refuseDrift, type Applied, type Migration } from '../migration-files.ts';
import { LOCKS, lockKey } from './locks.ts';

export async function migratePg(pg: Pg, migrations: Migration[]): Promise<{ applied: string[] }> {
  const client = await pg.pool.connect();
  // A client whose migration failed goes back to the pool only if it can still talk:
  // a dropped connection is destroyed (release(true)), not handed to the next query.
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey(LOCKS.migrations)]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at bigint NOT NULL
      )`);
      const applied = (await client.query<Applied>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
      refuseDrift(applied, migrations);
      const done = new Set(applied.map((a) => a.version));
      const ran: string[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        try {
          await client.query('BEGIN');
          // No parameters: the simple protocol, which runs a file of several statements.
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [m.version, m.name, m.checksum, Date.now()]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw failedMigration(m, err);
        }
        ran.push(m.name);
      }
      return { applied: ran };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey(LOCKS.migrations)]).catch(() => {
        broken = true;
      });
    }
  } finally {
    client.release(broken);
  }
}
