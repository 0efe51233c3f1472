// npx einblick, as an operator uses it on the server's data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';
import { randomBytes } from 'node:crypto';
import { freshPgDatabase, pgSkipReason } from '../helpers/postgres.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/einblick.mjs', import.meta.url));

test('export, erase, retention and audit verify work on the data directory', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-cli-'));
  const env = { ...process.env, DATA_DIR: dataDir };
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env });
  try {
    const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir }));
    const body = { site: 'demo', visitor: 'visitor-cli-1', session: 'session-cli-1', seq: 0, events: [{ type: 3, timestamp: Date.now(), data: { marker: 'CLI-MARKER' } }] };
    const res = await fetch(server.url.replace('localhost', '127.0.0.1') + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) });
    assert.equal(res.status, 202);
    await server.close();

    const out = path.join(dataDir, 'export.json');
    await cli('export', '--visitor', 'visitor-cli-1', '--out', out);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { sessions: { id: string; events: { data: { marker: string } }[] }[] };
    assert.equal(exported.sessions[0]?.id, 'session-cli-1');
    assert.equal(exported.sessions[0]?.events[0]?.data.marker, 'CLI-MARKER');

    const erased = JSON.parse((await cli('erase', '--visitor', 'visitor-cli-1')).stdout) as { erased: { removed: { sessions: number } } };
    assert.equal(erased.erased.removed.sessions, 1);
    await assert.rejects(cli('erase', '--visitor', 'visitor-cli-1'), /nothing is held/);

    assert.match((await cli('retention')).stdout, /demo: removed 0 sessions/);
    assert.match((await cli('audit', 'verify')).stdout, /intact: \d+ rows/);
    const token = (await cli('token', 'create', '--role', 'researcher')).stdout.trim();
    assert.match(token, /^ebk_[\w-]{43}$/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('token list shows every token without its secret; token revoke ends one', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-cli-tokens-'));
  const env = { ...process.env, DATA_DIR: dataDir };
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env });
  try {
    const token = (await cli('token', 'create', '--role', 'privacy', '--label', 'Dana (DPO)', '--create')).stdout.trim();
    const list = (await cli('token', 'list')).stdout;
    assert.ok(!list.includes(token) && !list.includes(token.slice(4, 20)), 'no secret in the list');
    const line = list.split('\n').find((l) => l.endsWith('Dana (DPO)'));
    assert.match(line ?? '', /^(\d+)\s+privacy\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-\s+-\s+Dana \(DPO\)$/, list);
    const id = line!.split(/\s+/)[0]!;

    const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir }));
    const audit = () => fetch(server.url.replace('localhost', '127.0.0.1') + '/api/v1/audit', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await audit()).status, 200);
    assert.match((await cli('token', 'revoke', id)).stdout, new RegExp(`Token ${id} \\(Dana \\(DPO\\), privacy\\) is revoked`));
    assert.equal((await audit()).status, 401, 'the running server refuses it at once');
    await server.close();

    assert.match((await cli('token', 'list')).stdout, new RegExp(`^${id}\\s+privacy\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+Dana`, 'm'), 'used, then revoked');
    await assert.rejects(cli('token', 'revoke', '99999'), /no token has the id 99999/);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('without DATA_DIR a command says which database it opens, and makes none unasked', async () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'einblick-cli-where-'));
  const { DATA_DIR: _unset, ...env } = process.env;
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env, cwd });
  const dbFile = path.join(realpathSync(cwd), 'data', 'einblick.db');
  try {
    const refused = await cli('token', 'list').then(
      () => assert.fail('a missing database must be refused'),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    const lines = refused.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${refused.stderr}`);
    assert.match(lines[0]!, /no database at .*--create/);
    assert.ok(lines[0]!.includes(dbFile), `names the absolute path ${dbFile}: ${lines[0]}`);
    assert.equal(existsSync(path.join(cwd, 'data')), false, 'nothing was made');

    const made = await cli('token', 'create', '--role', 'admin', '--create');
    assert.match(made.stdout.trim(), /^ebk_[\w-]{43}$/);
    assert.ok(made.stderr.includes(`using the database ${dbFile}`), made.stderr);
    assert.ok(existsSync(dbFile));
    const listed = await cli('token', 'list');
    assert.ok(listed.stderr.includes(`using the database ${dbFile}`), 'said on every run, not only the first');
    assert.match(listed.stdout, /admin/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('with DATA_DIR naming a directory without a database, the command makes it and says so', async () => {
  const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'einblick-cli-new-')), 'dat');
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env: { ...process.env, DATA_DIR: dataDir } });
  try {
    const made = await cli('retention');
    assert.match(made.stderr.trim(), new RegExp(`^einblick: creating a new database at ${dataDir}/einblick\\.db \\(DATA_DIR is ${dataDir}\\)$`, 'm'));
    assert.equal(existsSync(path.join(dataDir, 'einblick.db')), true);
    const again = await cli('retention');
    assert.doesNotMatch(again.stderr, /creating/, 'said only when it is made');
  } finally {
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
});

test('with DATABASE_URL the commands act on PostgreSQL, as every node sees it; backup says what to use instead', { skip: await pgSkipReason() }, async () => {
  const db = await freshPgDatabase('cli');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-cli-pg-'));
  const secret = randomBytes(32).toString('base64');
  // DATA_DIR points at an empty directory: nothing may be made or read there.
  const env = { ...process.env, DATABASE_URL: db.url, EINBLICK_SECRET_KEY: secret, DATA_DIR: dataDir };
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env });
  try {
    const token = (await cli('token', 'create', '--role', 'researcher', '--label', 'pg-cli')).stdout.trim();
    assert.match(token, /^ebk_[\w-]{43}$/);
    const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: db.url, secretKey: Buffer.from(secret, 'base64') }));
    const res = await fetch(server.url.replace('localhost', '127.0.0.1') + '/api/v1/sessions', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, 'the server on the same database accepts the token the command made');
    await server.close();
    assert.match((await cli('token', 'list')).stdout, /pg-cli/);
    assert.match((await cli('audit', 'verify')).stdout, /intact: \d+ rows/);
    assert.ok(!existsSync(path.join(dataDir, 'einblick.db')), 'no SQLite database was made in DATA_DIR');
    await assert.rejects(cli('backup', path.join(dataDir, 'b.einblick')), /pg_dump/);
    const other = { ...env, EINBLICK_SECRET_KEY: randomBytes(32).toString('base64') };
    await assert.rejects(run(process.execPath, [BIN, 'token', 'list'], { env: other }), /made with another key/);
  } finally {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
