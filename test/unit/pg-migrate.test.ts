// PostgreSQL's schema history follows SQLite's rules (migrations.test.ts): each migration
// applied once and recorded with its checksum, an edited one refused by name, a failed
// one rolled back whole, and two nodes starting at once do not both apply it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migratePg } from '../../server/store/postgres/migrate.ts';
import { openMigratedPg, pgCodeMigrations } from '../../server/store/postgres/open.ts';
import { openPg, type Pg } from '../../server/store/postgres/db.ts';
import { MigrationError, readMigrations } from '../../server/store/migration-files.ts';
import { openDatabase } from '../../server/store/db.ts';
import { freshPgDatabase, pgSkipReason, type FreshDatabase } from '../helpers/postgres.ts';

const skip = await pgSkipReason();

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-pg-migrations-')) + '/';
  for (const [name, sql] of Object.entries(files)) writeFileSync(dir + name, sql);
  return dir;
}

const databases: FreshDatabase[] = [];
const pools: Pg[] = [];
async function freshPg(): Promise<Pg> {
  const db = await freshPgDatabase('pgcore_migrate');
  databases.push(db);
  const pg = openPg(db.url);
  pools.push(pg);
  return pg;
}
const tables = async (pg: Pg) =>
  (await pg.rows<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")).map((r) => r.t);
const recorded = async (pg: Pg) => (await pg.rows<{ name: string }>('SELECT name FROM schema_migrations ORDER BY version')).map((r) => r.name);

after(async () => {
  for (const pg of pools) await pg.close().catch(() => {});
  for (const db of databases) await db.drop();
});

test('a fresh database gets the baseline, recorded with its checksum; a second run applies nothing', { skip }, async () => {
  const pg = await freshPg();
  const migrations = pgCodeMigrations();
  assert.deepEqual((await migratePg(pg, migrations)).applied, migrations.map((m) => m.name));
  const rows = await pg.rows<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations ORDER BY version');
  assert.deepEqual(rows, migrations.map((m) => ({ name: m.name, checksum: m.checksum })));
  assert.ok((await tables(pg)).includes('sessions'));
  assert.deepEqual((await migratePg(pg, pgCodeMigrations())).applied, []);
});

test('the PostgreSQL schema has the tables, columns, indexes, triggers and foreign keys SQLite ends with', { skip }, async () => {
  const sqlite = openDatabase(':memory:');
  const sqliteTables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const sqliteIndexes = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
  const sqliteTriggers = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all() as string[];
  const pg = await freshPg();
  await migratePg(pg, pgCodeMigrations());
  // secret_fingerprint, kept_secret: which key several nodes share, a question SQLite's one process has not (003, 004).
  assert.deepEqual((await tables(pg)).filter((t) => !['secret_fingerprint', 'kept_secret'].includes(t)), sqliteTables);
  for (const table of sqliteTables) {
    // Each column with whether it may be NULL (a key column never may).
    const want = (sqlite.pragma(`table_info("${table}")`) as { name: string; notnull: number; pk: number }[]).map((c) => `${c.name}${c.notnull || c.pk ? ' not null' : ''}`).sort();
    const have = (
      await pg.rows<{ c: string }>("SELECT column_name || CASE is_nullable WHEN 'NO' THEN ' not null' ELSE '' END AS c FROM information_schema.columns WHERE table_name = $1", [table])
    )
      .map((r) => r.c)
      // rowid: the page re-key pass's walking order, implicit in SQLite (see 001_baseline.sql);
      // claimed_*: which node fetches a queued asset, a question only several nodes have (002_asset_claims.sql).
      .filter((c) => !['rowid', 'claimed_by', 'claimed_until'].includes(c.split(' ')[0]!))
      .sort();
    assert.deepEqual(have, want, `columns of ${table}`);
  }
  // Each named index: its columns in order (an expression as null), unique or not, partial or not.
  const pgIndexes = new Map(
    (
      await pg.rows<{ i: string; cols: (string | null)[]; is_unique: boolean; partial: boolean }>(
        `SELECT c.relname AS i, x.indisunique AS is_unique, x.indpred IS NOT NULL AS partial,
           array(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                 LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.n) AS cols
         FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'public'`,
      )
    ).map((r) => [r.i, { cols: r.cols, unique: r.is_unique, partial: r.partial }]),
  );
  for (const index of sqliteIndexes) {
    const table = sqlite.prepare('SELECT tbl_name FROM sqlite_master WHERE name = ?').pluck().get(index) as string;
    const listed = (sqlite.pragma(`index_list("${table}")`) as { name: string; unique: number; partial: number }[]).find((l) => l.name === index)!;
    const cols = (sqlite.pragma(`index_xinfo("${index}")`) as { name: string | null; key: number }[]).filter((c) => c.key === 1).map((c) => c.name);
    assert.deepEqual(pgIndexes.get(index), { cols, unique: listed.unique === 1, partial: listed.partial === 1 }, `index ${index}`);
  }
  const pgTriggers = (await pg.rows<{ t: string }>('SELECT DISTINCT trigger_name AS t FROM information_schema.triggers ORDER BY 1')).map((r) => r.t);
  assert.deepEqual(pgTriggers, sqliteTriggers);
  // Foreign keys, with what a delete does: a missing cascade would leave a visitor's rows behind an erasure.
  const sqliteKeys = sqliteTables
    .flatMap((table) => (sqlite.pragma(`foreign_key_list("${table}")`) as { table: string; from: string; to: string; on_delete: string }[]).map((k) => `${table}.${k.from} -> ${k.table}.${k.to} ${k.on_delete}`))
    .sort();
  const pgKeys = (
    await pg.rows<{ k: string }>(
      `SELECT c.conrelid::regclass || '.' || a.attname || ' -> ' || c.confrelid::regclass || '.' || fa.attname || ' ' ||
         CASE c.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END AS k
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
       WHERE c.contype = 'f'`,
    )
  ).map((r) => r.k).sort();
  assert.deepEqual(pgKeys, sqliteKeys);
  sqlite.close();
});

test('the triggers do what SQLite\'s do: a chunk queues its asset scan, a scored answer marks its session both ways', { skip }, async () => {
  const pg = await freshPg();
  await migratePg(pg, pgCodeMigrations());
  await pg.run("INSERT INTO sites (key, name, created_at) VALUES ('k', 'Site', 1)");
  await pg.run("INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) VALUES ('s1', 1, 'v', 1, 1)");
  await pg.run("INSERT INTO chunks (session_id, seq, received_at, first_ts, last_ts, event_count, hash, data) VALUES ('s1', 0, 1, 1, 1, 1, '\\x00', '\\x00')");
  assert.deepEqual(await pg.rows('SELECT session_id, seq FROM asset_scans'), [{ session_id: 's1', seq: 0 }]);
  await pg.run("INSERT INTO surveys (id, site_id, kind, question_en, question_de, created_at) VALUES ('q', 1, 'nps', 'Q', 'F', 1)");
  const answer = (id: string, score: number | null) =>
    pg.run("INSERT INTO survey_answers (id, survey_id, site_id, session_id, score, url, page, device, ts, received_at) VALUES ($1, 'q', 1, 's1', $2, '/', '/', 'desktop', 1, 1)", [id, score]);
  const answered = async () => (await pg.row<{ answered: number }>("SELECT answered FROM sessions WHERE id = 's1'"))!.answered;
  await answer('dismissal', null);
  assert.equal(await answered(), 0);
  await answer('a1', 9);
  await answer('a2', 3);
  assert.equal(await answered(), 1);
  await pg.run("DELETE FROM survey_answers WHERE id = 'a1'");
  assert.equal(await answered(), 1, 'another scored answer is left');
  await pg.run("DELETE FROM survey_answers WHERE id = 'a2'");
  assert.equal(await answered(), 0);
  await pg.run("DELETE FROM sites WHERE id = 1");
  assert.deepEqual(await pg.rows('SELECT id FROM sessions'), [], 'sessions cascade with their site');
});

test('an edited migration is refused, naming it, and nothing else is applied', { skip }, async () => {
  const pg = await freshPg();
  await migratePg(pg, readMigrations(migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);', '002_b.sql': 'CREATE TABLE b (id int);' })));
  const edited = migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);', '002_b.sql': 'CREATE TABLE b (id bigint);', '003_c.sql': 'CREATE TABLE c (id int);' });
  await assert.rejects(migratePg(pg, readMigrations(edited)), (err: Error) => err instanceof MigrationError && /002_b\.sql was edited/.test(err.message));
  assert.deepEqual(await tables(pg), ['a', 'b', 'schema_migrations']);
});

test('unknown and newer migrations are refused, naming them', { skip }, async () => {
  const pg = await freshPg();
  await migratePg(pg, readMigrations(migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);', '002_b.sql': 'CREATE TABLE b (id int);', '003_c.sql': 'CREATE TABLE c (id int);' })));
  await assert.rejects(
    migratePg(pg, readMigrations(migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);', '003_c.sql': 'CREATE TABLE c (id int);' }))),
    (err: Error) => err instanceof MigrationError && /002_b\.sql, which this code does not know/.test(err.message),
  );
  await assert.rejects(
    migratePg(pg, readMigrations(migrationsDir({ '001_a.sql': 'CREATE TABLE a (id int);', '002_b.sql': 'CREATE TABLE b (id int);' }))),
    (err: Error) => err instanceof MigrationError && /newer than this code: it has migration 003_c\.sql/.test(err.message),
  );
});

test('two nodes migrating one fresh database at once both succeed, and each migration is applied once', { skip }, async () => {
  const db = await freshPgDatabase('pgcore_migrate');
  databases.push(db);
  // A migration that fails if it runs twice, slow enough that the two starts overlap.
  const dir = migrationsDir({ '001_a.sql': 'SELECT pg_sleep(0.3); CREATE TABLE a (id int);', '002_b.sql': 'CREATE TABLE b (id int); INSERT INTO b VALUES (1);' });
  const [one, two] = [openPg(db.url), openPg(db.url)];
  pools.push(one, two);
  const results = await Promise.all([migratePg(one, readMigrations(dir)), migratePg(two, readMigrations(dir))]);
  assert.deepEqual(results.map((r) => r.applied).sort((x, y) => y.length - x.length), [['001_a.sql', '002_b.sql'], []]);
  assert.deepEqual(await recorded(one), ['001_a.sql', '002_b.sql']);
  assert.deepEqual(await one.rows('SELECT id FROM b'), [{ id: 1 }]);
});

test('a failing migration leaves no part of itself behind, and names itself', { skip }, async () => {
  const pg = await freshPg();
  const dir = migrationsDir({
    '001_a.sql': 'CREATE TABLE a (id int);',
    '002_bad.sql': 'CREATE TABLE half (id int); CREATE INDEX half_id ON half (id); ALTER TABLE a ADD COLUMN x int; SELECT * FROM no_such_table;',
  });
  await assert.rejects(migratePg(pg, readMigrations(dir)), (err: Error) => err instanceof MigrationError && /002_bad\.sql failed and was rolled back/.test(err.message));
  assert.deepEqual(await tables(pg), ['a', 'schema_migrations']);
  assert.deepEqual((await pg.rows<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'a'")).map((r) => r.c), ['id']);
  assert.deepEqual(await recorded(pg), ['001_a.sql']);
  // Fixed, it applies on the next start.
  writeFileSync(dir + '002_bad.sql', 'CREATE TABLE half (id int);');
  assert.deepEqual((await migratePg(pg, readMigrations(dir))).applied, ['002_bad.sql']);
});

test('openMigratedPg opens a pool on an up-to-date schema', { skip }, async () => {
  const db = await freshPgDatabase('pgcore_migrate');
  databases.push(db);
  const pg = await openMigratedPg(db.url);
  pools.push(pg);
  assert.deepEqual(await recorded(pg), pgCodeMigrations().map((m) => m.name));
});

