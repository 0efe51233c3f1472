// What a migration copies when the two schemas are not column for column the same: a
// column PostgreSQL adds for several nodes is left to its default, while anything that
// would be lost or left without a value stops the migration before a row moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { copyPlan, versionProblem } from '../../server/admin/migrate/copy-plan.ts';
import type { PgTable } from '../../server/admin/migrate/pg-tables.ts';

const sqlite = (sql: string) => {
  const db = new Database(':memory:');
  db.exec(sql);
  return db;
};
const table = (name: string, columns: string[], o: Partial<PgTable> = {}): PgTable => ({ name, columns, identities: [], required: [], ...o });

test('a nullable column only PostgreSQL has is left to its default; rowid is taken from SQLite', () => {
  const db = sqlite('CREATE TABLE asset_scans (id INTEGER PRIMARY KEY, url TEXT NOT NULL); CREATE TABLE page_views (session_id TEXT NOT NULL)');
  const plan = copyPlan(db, [table('asset_scans', ['id', 'url', 'claimed_by', 'claimed_until'], { identities: ['id'] }), table('page_views', ['session_id', 'rowid'], { identities: ['rowid'] }), table('node_only', ['x'])]);
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(plan.tables.map((t) => [t.name, t.columns]), [['asset_scans', ['id', 'url']], ['page_views', ['session_id', 'rowid']]]);
});

test('a SQLite table or column PostgreSQL lacks, or a required column SQLite cannot fill, is named', () => {
  const db = sqlite('CREATE TABLE sessions (id TEXT, legacy TEXT); CREATE TABLE extra (x)');
  const { problems } = copyPlan(db, [table('sessions', ['id', 'site_id'], { required: ['site_id'] })]);
  assert.deepEqual(problems.sort(), ['column sessions.legacy is in SQLite only', 'column sessions.site_id is in PostgreSQL only and needs a value', 'table extra is in SQLite only']);
});

test('an install whose migrations are not all applied is of another version', () => {
  assert.match(versionProblem(sqlite('CREATE TABLE sites (id)')) ?? '', /not recorded/);
  const db = sqlite("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, checksum TEXT, applied_at INTEGER)");
  assert.match(versionProblem(db) ?? '', /lacks migration 001/);
});
