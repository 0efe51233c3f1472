// The schema's history: every applied migration is recorded with its checksum, and a
// database whose history does not match the code is refused by name, not half-started.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { migrate, readMigrations, MigrationError, schemaOf } from '../../server/store/migrate.ts';

const REAL_DIR = fileURLToPath(new URL('../../server/store/migrations/', import.meta.url));

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-migrations-')) + '/';
  for (const [name, sql] of Object.entries(files)) writeFileSync(dir + name, sql);
  return dir;
}

const A = 'CREATE TABLE a (id INTEGER PRIMARY KEY);';
const B = 'CREATE TABLE b (id INTEGER PRIMARY KEY);';
const C = 'CREATE TABLE c (id INTEGER PRIMARY KEY);';

function recorded(db: Database.Database): string[] {
  return db.prepare('SELECT name FROM schema_migrations ORDER BY version').pluck().all() as string[];
}

test('a new database gets every migration, each recorded with its checksum', () => {
  const db = new Database(':memory:');
  const migrations = readMigrations(REAL_DIR);
  const { applied } = migrate(db, migrations);
  assert.deepEqual(applied, migrations.map((m) => m.name));
  const rows = db.prepare('SELECT name, checksum FROM schema_migrations ORDER BY version').all();
  assert.deepEqual(rows, migrations.map((m) => ({ name: m.name, checksum: m.checksum })));
  assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sessions'").get(), 'the baseline made the tables');
  // Opening again applies nothing.
  assert.deepEqual(migrate(db, readMigrations(REAL_DIR)).applied, []);
});

test('a database on the baseline is upgraded with the migrations that came after it', () => {
  const db = new Database(':memory:');
  const first = migrationsDir({ '001_baseline.sql': A });
  migrate(db, readMigrations(first));
  const later = migrationsDir({ '001_baseline.sql': A, '002_b.sql': B, '003_c.sql': C });
  assert.deepEqual(migrate(db, readMigrations(later)).applied, ['002_b.sql', '003_c.sql']);
  assert.deepEqual(recorded(db), ['001_baseline.sql', '002_b.sql', '003_c.sql']);
  for (const dir of [first, later]) rmSync(dir, { recursive: true });
});

test('a migration that landed after a higher-numbered one was applied is still applied', () => {
  // The drift user_version could not see: 003 applied on a database before 002 existed.
  const db = new Database(':memory:');
  const before = migrationsDir({ '001_baseline.sql': A, '003_c.sql': C });
  migrate(db, readMigrations(before));
  const after = migrationsDir({ '001_baseline.sql': A, '002_b.sql': B, '003_c.sql': C });
  assert.deepEqual(migrate(db, readMigrations(after)).applied, ['002_b.sql']);
  assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'b'").get());
  for (const dir of [before, after]) rmSync(dir, { recursive: true });
});

test('an applied migration that was edited stops the start, naming it', () => {
  const db = new Database(':memory:');
  const dir = migrationsDir({ '001_baseline.sql': A, '002_b.sql': B });
  migrate(db, readMigrations(dir));
  writeFileSync(dir + '002_b.sql', B + '\nCREATE INDEX b_id ON b (id);');
  assert.throws(() => migrate(db, readMigrations(dir)), (err: Error) => err instanceof MigrationError && /002_b\.sql was edited/.test(err.message));
  assert.equal(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'b_id'").get(), undefined, 'nothing of the edit ran');
  rmSync(dir, { recursive: true });
});

test('an applied migration missing from the code stops the start, naming it', () => {
  const db = new Database(':memory:');
  const dir = migrationsDir({ '001_baseline.sql': A, '002_b.sql': B, '003_c.sql': C });
  migrate(db, readMigrations(dir));
  rmSync(dir + '002_b.sql');
  assert.throws(() => migrate(db, readMigrations(dir)), (err: Error) => err instanceof MigrationError && /002_b\.sql, which this code does not know/.test(err.message));
  rmSync(dir, { recursive: true });
});

test('a database newer than the code stops the start', () => {
  const db = new Database(':memory:');
  const newer = migrationsDir({ '001_baseline.sql': A, '002_b.sql': B });
  migrate(db, readMigrations(newer));
  const older = migrationsDir({ '001_baseline.sql': A });
  assert.throws(() => migrate(db, readMigrations(older)), (err: Error) => err instanceof MigrationError && /newer than this code: it has migration 002_b\.sql/.test(err.message));
  for (const dir of [newer, older]) rmSync(dir, { recursive: true });
});

test('a migration that fails is rolled back whole and named', () => {
  const db = new Database(':memory:');
  const dir = migrationsDir({ '001_baseline.sql': A, '002_bad.sql': `${B}\nINSERT INTO nowhere VALUES (1);` });
  assert.throws(() => migrate(db, readMigrations(dir)), (err: Error) => err instanceof MigrationError && /002_bad\.sql failed and was rolled back/.test(err.message));
  assert.equal(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'b'").get(), undefined);
  assert.deepEqual(recorded(db), ['001_baseline.sql']);
  rmSync(dir, { recursive: true });
});

test('two migrations with one number are refused before anything runs', () => {
  const dir = migrationsDir({ '001_baseline.sql': A, '002_b.sql': B, '002_c.sql': C });
  assert.throws(() => readMigrations(dir), (err: Error) => err instanceof MigrationError && /002_b\.sql and 002_c\.sql/.test(err.message));
  rmSync(dir, { recursive: true });
});

test('a database from before the squash is adopted only if its schema is the baseline', () => {
  const baseline = readFileSync(REAL_DIR + '001_baseline.sql', 'utf8');
  const migrations = readMigrations(REAL_DIR);
  const same = new Database(':memory:');
  same.exec(baseline);
  same.pragma('user_version = 14');
  migrate(same, migrations);
  assert.equal(recorded(same)[0], '001_baseline.sql');

  // A database that skipped a migration (no privacy_leaks: 009 applied before 008 landed).
  const drifted = new Database(':memory:');
  drifted.exec(baseline);
  drifted.exec('DROP TABLE privacy_leaks');
  drifted.pragma('user_version = 14');
  const before = schemaOf(drifted);
  assert.throws(() => migrate(drifted, migrations), (err: Error) => err instanceof MigrationError && /schema differs from 001_baseline\.sql/.test(err.message));
  assert.equal(schemaOf(drifted), before, 'nothing was applied to it');
});
