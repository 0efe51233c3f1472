// npx einblick migrate --to postgres: copies a SQLite install (rows, and chunk blobs to a
// bucket when BLOB_STORE_URL is set) into an empty PostgreSQL database, then compares the
// counts. Generic over tables: the target's catalog says what to copy, so a table added
// to both schemas needs no change here.
import { CHUNKS_PREFIX } from '../store/blobs/chunk-keys.ts';
import type { BlobStore } from '../store/blobs/blob-store.ts';
import { openMigratedPg } from '../store/postgres/open.ts';
import { adoptSecret, SecretMismatchError } from '../store/postgres/secret-fingerprint.ts';
import type { Queryable } from '../store/postgres/db.ts';
import { pgTables, type PgTable } from './migrate/pg-tables.ts';
import { ident, openSqliteSource } from './migrate/sqlite-source.ts';
import { copyPlan, versionProblem } from './migrate/copy-plan.ts';
import { copyTable } from './migrate/copy-table.ts';
import { differences, type TableCount, type TableProgress } from './migrate/report.ts';

export interface MigrateOptions {
  /** The install's database, or a file made by `npx einblick backup` (which holds its key). */
  sqliteFile: string;
  /** The install's secret.key; null for a backup file. */
  secretFile: string | null;
  databaseUrl: string;
  blobs: BlobStore | null;
  /** EINBLICK_SECRET_KEY of the environment, when set: it must be the install's key. */
  envSecret?: Buffer;
  onProgress?: (p: TableProgress) => void;
}

export interface MigrateResult {
  /** The install's key: every PostgreSQL node needs it as EINBLICK_SECRET_KEY. */
  secret: Buffer;
  counts: TableCount[];
  blobs: { chunks: number; inBucket: number } | null;
  /** Empty when every count matches. */
  differences: string[];
}

/** The migration would harm or lose data: nothing was written (the secret's fingerprint aside). */
export class MigrationRefused extends Error {
  override name = 'MigrationRefused';
}

const hasData = async (on: Queryable) =>
  (await on.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM sites) OR EXISTS (SELECT 1 FROM sessions) AS any')).rows[0]!.any;

export async function migrateToPostgres(o: MigrateOptions): Promise<MigrateResult> {
  const source = openSqliteSource(o.sqliteFile, o.secretFile);
  try {
    if (o.envSecret && !o.envSecret.equals(source.secret)) {
      throw new MigrationRefused("EINBLICK_SECRET_KEY is set and is not this install's key: the customer-id hashes would no longer match. Unset it for the migration; it prints the key to use.");
    }
    const outdated = versionProblem(source.db);
    if (outdated) throw new MigrationRefused(`the SQLite database is not of this version (${outdated}). Start this version's server on it once (it updates the database; a backup: restore it first), stop it, and migrate again.`);
    const pg = await openMigratedPg(o.databaseUrl, { max: 2 });
    try {
      const { tables, problems } = copyPlan(source.db, await pgTables(pg.pool));
      if (problems.length) throw new MigrationRefused(`the two schemas differ (${problems.join('; ')}): this version cannot copy one onto the other.`);
      if (await hasData(pg.pool)) throw new MigrationRefused('target is not empty: it already holds sites or sessions. Migrate into a new, empty database.');
      // Before any row: a database already bound to another key is refused here. The
      // fingerprint stays if the copy fails; it is the key this install's rows need anyway.
      try {
        await adoptSecret(pg, source.secret);
      } catch (err) {
        if (err instanceof SecretMismatchError) throw new MigrationRefused("target is bound to another secret key (its secret_fingerprint): it was started with a key that is not this install's. Migrate into a new, empty database.");
        throw err;
      }
      const totals = new Map(tables.map((t) => [t.name, source.count(t.name)]));
      await pg.tx((c) => copyAll(c, tables, source, o, totals));
      const counts: TableCount[] = [];
      for (const t of tables) {
        const postgres = Number((await pg.row<{ n: number }>(`SELECT count(*) AS n FROM ${ident(t.name)}`))!.n);
        counts.push({ table: t.name, sqlite: totals.get(t.name)!, postgres });
      }
      // Counted in the bucket itself, not from the puts made: a put that answered but left
      // nothing would show here. An object that was under chunks/ before counts too.
      const blobs = o.blobs ? { chunks: totals.get('chunks') ?? 0, inBucket: await countObjects(o.blobs, CHUNKS_PREFIX) } : null;
      return { secret: source.secret, counts, blobs, differences: differences(counts, blobs) };
    } finally {
      await pg.close();
    }
  } finally {
    source.close();
  }
}

/** The copy itself, on one transaction's client: it commits whole or leaves the target empty. */
async function copyAll(c: Queryable, tables: PgTable[], source: ReturnType<typeof openSqliteSource>, o: MigrateOptions, totals: Map<string, number>) {
  // A second migration started meanwhile waits here, then finds the rows and stops.
  await c.query('LOCK TABLE sites, sessions IN EXCLUSIVE MODE');
  if (await hasData(c)) throw new MigrationRefused('target is not empty: another migration filled it meanwhile.');
  // The copied rows already hold what the triggers would add (asset scans queued for each
  // chunk, a session's survey mark): firing them would add it twice. DDL is transactional
  // in PostgreSQL, so a rollback re-enables them too; the explicit ENABLE is for the commit.
  for (const t of tables) await c.query(`ALTER TABLE ${ident(t.name)} DISABLE TRIGGER USER`);
  let blobsPut = 0;
  let blobsKept = 0;
  for (const t of tables) {
    const total = totals.get(t.name)!;
    const report = (done: number, finished: boolean) => o.onProgress?.({ table: t.name, done, total, finished });
    const copy = await copyTable(t, source, c, o.blobs, (done) => report(done, false));
    report(copy.rows, true);
    blobsPut += copy.blobsPut;
    blobsKept += copy.blobsKept;
    // Copied ids were given explicitly: the next id the target makes must come after them.
    for (const col of t.identities) {
      await c.query(`SELECT setval(pg_get_serial_sequence($1, $2), max_id) FROM (SELECT max(${ident(col)}) AS max_id FROM ${ident(t.name)}) m WHERE max_id IS NOT NULL`, [ident(t.name), col]);
    }
  }
  for (const t of tables) await c.query(`ALTER TABLE ${ident(t.name)} ENABLE TRIGGER USER`);
  return { blobsPut, blobsKept };
}

async function countObjects(blobs: BlobStore, prefix: string): Promise<number> {
  let n = 0;
  for await (const _key of blobs.list(prefix)) n++;
  return n;
}
