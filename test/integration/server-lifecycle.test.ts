// The process as an operator runs it (server/main.ts): how it stops on SIGTERM, and what a
// failed migration does to the start and to the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openStore } from '../../server/store/index.ts';
import { schemaOf } from '../../server/store/migrate.ts';
import { eventually } from '../helpers/server.ts';

const MAIN = fileURLToPath(new URL('../../server/main.ts', import.meta.url));
const env = (dataDir: string, more: Record<string, string> = {}) => ({ ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_REQUESTS: '0', EINBLICK_SCREENSHOTS: '0', EINBLICK_PII_SCAN: '0', ...more });

test('on SIGTERM the server says not ready first, keeps serving a while, then exits 0', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-sigterm-'));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: env(dataDir, { EINBLICK_DRAIN_MS: '2000' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = (await eventually('the server to print its URL', () => /Viewer: +(http:\/\/\S+)\/viewer\//.exec(stdout)?.[1], 30_000)).replace('localhost', '127.0.0.1');
    assert.equal((await fetch(url + '/readyz')).status, 200);
    child.kill('SIGTERM');
    await eventually('/readyz to answer 503', async () => (await fetch(url + '/readyz')).status === 503);
    assert.equal((await fetch(url + '/healthz')).status, 200, 'still serving while draining');
    assert.equal(await exited, 0);
    assert.match(stdout, /Einblick is stopping: \/readyz answers 503/);
  } finally {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a migration that fails leaves the database as it was, and the start ends in one line', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-bad-migration-'));
  try {
    // A database on which 018_assets.sql fails at its last statement (the trigger exists
    // already) after its first ones made their tables: all of it must be rolled back.
    await openStore(path.join(dataDir, 'einblick.db')).close();
    const db = new Database(path.join(dataDir, 'einblick.db'));
    db.exec('DROP TABLE asset_deps; DROP TABLE session_assets; DROP TABLE asset_urls; DROP TABLE assets; DROP TABLE asset_scans;');
    db.prepare('DELETE FROM schema_migrations WHERE version >= 18').run();
    const before = { schema: schemaOf(db), applied: db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() };
    db.close();

    const failed = await promisify(execFile)(process.execPath, ['--import', 'tsx', MAIN], { env: env(dataDir) }).then(
      () => assert.fail('the start must fail'),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    assert.equal(failed.code, 1);
    assert.equal(failed.stdout, '', 'nothing claims it runs');
    const lines = failed.stderr.trim().split('\n');
    assert.equal(lines.length, 1, failed.stderr);
    assert.match(lines[0]!, /^Einblick did not start: Migration 018_assets\.sql failed and was rolled back: trigger chunks_asset_scan already exists$/);

    const after = new Database(path.join(dataDir, 'einblick.db'), { readonly: true });
    assert.deepEqual({ schema: schemaOf(after), applied: after.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() }, before, 'the tables its first statements made are gone again');
    after.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
