// Kill -9 in the middle of a stream of uploads, start again, let the clients retry:
// every acknowledged chunk is there exactly once and the database is intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { gunzipSync } from 'node:zlib';
import { runLoad } from '../../bench/load-generator.ts';
import { freePort, startChildServer } from '../../bench/child-server.ts';
import { eventually } from '../helpers/server.ts';

function storedChunks(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'einblick.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM chunks').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('SIGKILL mid-stream loses no acknowledged chunk and duplicates none', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-crash-'));
  const env = { port: await freePort(), dataDir, adminToken: 'crash-test-admin-token-42' };
  try {
    let server = await startChildServer(env);
    const sessions = 24;
    // Bounded by time, ended by progress: a stream before the kill and one after the restart,
    // however fast this machine is at the moment.
    let restarted = false;
    let ackedAtRestart: number | null = null;
    const load = runLoad({
      url: server.url, site: 'demo', sessions, chunkBytes: 12_000, durationMs: 60_000,
      stopWhen: (r) => {
        if (!restarted) return false;
        ackedAtRestart ??= r.ackedCount;
        return r.ackedCount >= ackedAtRestart + 2 * sessions;
      },
    });
    // Killed once a stream is under way, however slowly a busy machine started it.
    await eventually('the first chunks to be stored', () => storedChunks(dataDir) >= sessions, 20_000);
    await server.kill();
    await new Promise((r) => setTimeout(r, 700)); // clients keep trying against a dead port
    server = await startChildServer(env);
    restarted = true;
    const result = await load;
    await server.stop();

    assert.ok(result.retries > 0, 'the crash was felt: some uploads failed and were retried');
    // The load ran until two chunks a session were acknowledged after the restart (or a
    // minute passed): what matters is a stream across the crash, not the machine's speed.
    assert.ok(result.ackedCount >= 2 * sessions, `a real stream was acknowledged (${result.ackedCount} chunks)`);
    const db = new Database(path.join(dataDir, 'einblick.db'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    const stored = db.prepare('SELECT session_id, seq, data FROM chunks').all() as { session_id: string; seq: number; data: Buffer }[];
    const have = new Map<string, number[]>();
    for (const row of stored) have.set(row.session_id, [...(have.get(row.session_id) ?? []), row.seq]);
    let missing = 0;
    for (const [session, seqs] of result.acked) {
      const present = new Set(have.get(session));
      missing += seqs.filter((s) => !present.has(s)).length;
      assert.equal(present.size, have.get(session)?.length ?? 0, 'no seq stored twice');
    }
    assert.equal(missing, 0, 'every acknowledged chunk is stored');
    assert.ok(stored.every((row) => Array.isArray(JSON.parse(gunzipSync(row.data).toString()))), 'every stored chunk decompresses to its events');
    db.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
