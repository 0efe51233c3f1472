// PostgreSQL for tests: where it is, whether it answers, and a database of a test's own,
// made fresh and dropped after. Locally a missing PostgreSQL skips these tests with the
// reason; in CI (CI set) it fails them, so the suite cannot pass without them.
import { randomBytes } from 'node:crypto';
import { test, describe } from 'node:test';
import pg from 'pg';
import { redactedUrl } from '../../server/store/postgres/db.ts';

export function postgresTestUrl(): string {
  return process.env.EINBLICK_TEST_DATABASE_URL || 'postgres://einblick:einblick@127.0.0.1:5432/postgres';
}

let probe: Promise<boolean> | undefined;

/** True when the test server answers within 2 s (asked once per process). */
export function pgAvailable(): Promise<boolean> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: postgresTestUrl(), connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return probe;
}

/** Why the PostgreSQL tests did not run, or undefined when they can; throws in CI. */
export async function pgSkipReason(): Promise<string | undefined> {
  if (await pgAvailable()) return undefined;
  const reason = `PostgreSQL not reachable at ${redactedUrl(postgresTestUrl())}; set EINBLICK_TEST_DATABASE_URL`;
  if (process.env.CI) throw new Error(`${reason} (CI is set, so the PostgreSQL tests must run)`);
  return reason;
}

function urlFor(database: string): string {
  const u = new URL(postgresTestUrl());
  u.pathname = '/' + database;
  return u.toString();
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresTestUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface FreshDatabase {
  url: string;
  name: string;
  /** Drops the database, ending whatever connections a test left open to it. */
  drop(): Promise<void>;
}

/**
 * A new database named `<prefix>_<random>` on the test server: empty, or a copy of
 * `template` (a migrated database copied is much faster than migrating each time;
 * nothing may be connected to the template while it is copied). `icuLocale` ('en'):
 * text sorts as in that language, as on many production servers, not by bytes as on a
 * C-locale test server; where the server has no ICU the database is made without it.
 */
export async function freshPgDatabase(prefix: string, o: { template?: string; icuLocale?: string } = {}): Promise<FreshDatabase> {
  const name = `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    if (o.icuLocale && !o.template) {
      const made = await c.query(`CREATE DATABASE "${name}" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '${o.icuLocale.replace(/'/g, '')}'`).then(() => true, () => false);
      if (made) return;
    }
    await c.query(`CREATE DATABASE "${name}"${o.template ? ` TEMPLATE "${o.template}"` : ''}`);
  });
  return {
    url: urlFor(name),
    name,
    drop: () =>
      admin(async (c) => {
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      }),
  };
}

/**
 * `describe`, skipped with the reason when PostgreSQL is not reachable (failed in CI).
 * The probe runs before the suite is declared, hence async: `await describeOnPostgres(...)`.
 */
export async function describeOnPostgres(name: string, body: () => void): Promise<void> {
  const skip = await pgSkipReason();
  await describe(name, { skip }, body);
}

/** `test`, skipped with the reason when PostgreSQL is not reachable (failed in CI). */
export async function testOnPostgres(name: string, body: () => Promise<void>): Promise<void> {
  const skip = await pgSkipReason();
  await test(name, { skip }, body);
}
