// npx einblick backup / restore: a copy made while the server takes chunks, put back
// in a new data directory, serves the same sessions and the same keyed hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '../../server/config.ts';
import { startServer } from '../../server/server.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/einblick.mjs', import.meta.url));

test('a backup made while the server runs restores into a new data directory with its secret key', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-backup-'));
  const restoreDir = mkdtempSync(path.join(tmpdir(), 'einblick-restore-'));
  const file = path.join(dataDir, 'backup.einblick');
  const cli = (dir: string, ...args: string[]) => run(process.execPath, [BIN, ...args], { env: { ...process.env, DATA_DIR: dir } });
  let stopServer: (() => Promise<void>) | null = null;
  try {
    const server = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir }));
    stopServer = () => server.close();
    const base = server.url.replace('localhost', '127.0.0.1');
    const sessions = Array.from({ length: 20 }, (_, i) => `session-backup-${i}`);
    for (const session of sessions) {
      const body = { site: 'demo', visitor: `visitor-${session}`, session, seq: 0, events: [{ type: 3, timestamp: Date.now(), data: { marker: session } }] };
      const res = await fetch(base + '/api/v1/ingest', { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 202);
    }
    // Made while the server is still up: the backup API copies a consistent snapshot.
    const made = await cli(dataDir, 'backup', file);
    assert.match(made.stdout, /20 sessions, 20 visitors, 20 chunks/);
    assert.match(made.stderr, /100 %/, 'progress is shown');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the backup holds the secret key: only its owner reads it');
    await assert.rejects(cli(dataDir, 'backup', file), /exists already/, 'a backup never overwrites a file');
    stopServer = null;
    await server.close();

    const restored = await cli(restoreDir, 'restore', file);
    assert.match(restored.stdout, /20 sessions, 20 visitors, 20 chunks/);
    assert.equal(readFileSync(path.join(restoreDir, 'secret.key'), 'utf8'), readFileSync(path.join(dataDir, 'secret.key'), 'utf8'));
    await assert.rejects(cli(restoreDir, 'restore', file), /--force/, 'an existing database is not replaced unasked');

    const again = await startServer(makeConfig({ port: 0, host: '127.0.0.1', dataDir: restoreDir }));
    try {
      assert.equal((await again.store.sessions.listSessions({ limit: 100 })).sessions.length, 20);
    } finally {
      await again.close();
    }
    // --force keeps what it replaced.
    await cli(restoreDir, 'restore', file, '--force');
    assert.ok(existsSync(path.join(restoreDir, 'einblick.db.before-restore')));
  } finally {
    await stopServer?.();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(restoreDir, { recursive: true, force: true });
  }
});

test('restore refuses what is not a whole Einblick backup, and changes nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-restore-bad-'));
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env: { ...process.env, DATA_DIR: dir } });
  try {
    const notSqlite = path.join(dir, 'notes.txt');
    writeFileSync(notSqlite, 'not a database at all, but long enough to be read as one? no.');
    await assert.rejects(cli('restore', notSqlite), /einblick: /);
    await assert.rejects(cli('restore', path.join(dir, 'missing.einblick')), /does not exist/);
    assert.equal(existsSync(path.join(dir, 'einblick.db')), false, 'no database was created');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
