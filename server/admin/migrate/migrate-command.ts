// The `migrate --to postgres` command: where the source is, what the environment says,
// and what the operator reads. The copy itself is migrateToPostgres.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { configFromEnv } from '../../config.ts';
import { blobStoreFromEnv } from '../../store/blobs/blob-config.ts';
import { s3BlobStore } from '../../store/blobs/s3.ts';
import { redactedUrl } from '../../store/postgres/db.ts';
import { checkStoreLocation } from '../store-location.ts';
import { migrateToPostgres, MigrationRefused } from '../migrate-to-postgres.ts';
import { countsTable, throttledProgress } from './report.ts';

const say = (line: string) => console.error(`einblick: ${line}`);

/** Runs the command; answers the exit code (0 copied and counted, 1 refused, failed or a count differs, 2 bad setup). */
export async function runMigrateCommand(o: { from: string | undefined; dataDirSet: boolean }): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    say('migrate needs DATABASE_URL: the PostgreSQL database to copy into (postgres://USER:PASSWORD@HOST:5432/DB)');
    return 2;
  }
  let source: { sqliteFile: string; secretFile: string | null };
  let blobs;
  try {
    if (o.from) {
      const file = path.resolve(o.from);
      if (!existsSync(file)) throw new Error(`${file} does not exist`);
      source = { sqliteFile: file, secretFile: null };
    } else {
      // DATABASE_URL names the target here, not this process's store, and EINBLICK_SECRET_KEY
      // is only compared with the install's key below: read the rest without them.
      const config = configFromEnv({ ...process.env, DATABASE_URL: undefined, EINBLICK_SECRET_KEY: undefined });
      const check = checkStoreLocation(config, { dataDirSet: o.dataDirSet, create: false });
      if (!check.ok) throw new Error(check.message.replace(/^einblick: /, ''));
      // Never a new, empty database: DATA_DIR set to a wrong directory would "migrate" nothing.
      if (!existsSync(config.dbFile)) throw new Error(`there is no database at ${config.dbFile}: set DATA_DIR to the server's data directory, or use --from FILE`);
      if (check.notice) console.error(check.notice);
      source = { sqliteFile: config.dbFile, secretFile: config.secretFile };
    }
    const s3 = blobStoreFromEnv();
    blobs = s3 ? s3BlobStore(s3) : null;
  } catch (err) {
    say((err as Error).message);
    return 2;
  }
  const envKey = process.env.EINBLICK_SECRET_KEY;
  console.error(`einblick: copying ${source.sqliteFile} into ${redactedUrl(databaseUrl)}${blobs ? `, chunk blobs into ${blobs.location}` : ''}`);
  try {
    const result = await migrateToPostgres({
      ...source,
      databaseUrl,
      blobs,
      ...(envKey ? { envSecret: Buffer.from(envKey, 'base64') } : {}),
      onProgress: throttledProgress((line) => console.error(line)),
    });
    console.log(countsTable(result.counts, result.blobs));
    if (result.differences.length) {
      say(`the copy is NOT whole; the counts differ:\n  ${result.differences.join('\n  ')}`);
      return 1;
    }
    console.log(`\nEvery count matches. Start every PostgreSQL node with DATABASE_URL and this line (keep it secret: it keys the customer-id hashes):\nEINBLICK_SECRET_KEY=${result.secret.toString('base64')}`);
    return 0;
  } catch (err) {
    say(err instanceof MigrationRefused ? `migrate refused: ${err.message}` : `migrate failed; PostgreSQL holds none of the rows: ${(err as Error).message}`);
    return 1;
  }
}
