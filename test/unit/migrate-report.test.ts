// What the migration tells the operator: progress that can be followed (a line a second
// per table, not one per batch) and tables in an order their foreign keys accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countsTable, differences, progressLine, throttledProgress } from '../../server/admin/migrate/report.ts';
import { parentsFirst } from '../../server/admin/migrate/pg-tables.ts';

test('progress reads as counts and a percentage, at most once a second per table plus the last line', () => {
  assert.equal(progressLine({ table: 'chunks', done: 12_000, total: 50_000, finished: false }), 'chunks: 12,000 of 50,000 (24 %)');
  let now = 0;
  const lines: string[] = [];
  const report = throttledProgress((l) => lines.push(l), () => now);
  for (let done = 1000; done < 50_000; done += 1000) {
    report({ table: 'chunks', done, total: 50_000, finished: false });
    report({ table: 'clicks', done: 1, total: 5, finished: false });
    now += 250;
  }
  report({ table: 'chunks', done: 50_000, total: 50_000, finished: false });
  report({ table: 'chunks', done: 50_000, total: 50_000, finished: true });
  const chunks = lines.filter((l) => l.startsWith('chunks'));
  assert.equal(chunks.length, 14, '49 batches over 12 s: 13 lines, and the last');
  assert.equal(chunks.at(-1), 'chunks: 50,000 of 50,000 (100 %)');
  assert.equal(lines.filter((l) => l.startsWith('clicks')).length, 13, 'each table has its own second');
});

test('a differing count is named with its difference', () => {
  const counts = [{ table: 'sessions', sqlite: 3, postgres: 3 }, { table: 'chunks', sqlite: 1200, postgres: 1199 }];
  assert.deepEqual(differences(counts, { chunks: 1200, inBucket: 1200 }), ['chunks: 1,200 rows in SQLite, 1,199 in PostgreSQL (-1)']);
  assert.match(countsTable(counts, null), /^chunks +1,200 +1,199  DIFFERS$/m);
  assert.deepEqual(differences(counts.slice(0, 1), { chunks: 5, inBucket: 4 }), ['chunk blobs: 5 chunks, 4 in the bucket']);
});

test('referenced tables come before the tables that reference them; self-references and cycles', () => {
  const t = (...names: string[]) => names.map((name) => ({ name }));
  const order = parentsFirst(t('chunks', 'sessions', 'sites', 'asset_deps', 'asset_urls'), [
    { child: 'chunks', parent: 'sessions' },
    { child: 'sessions', parent: 'sites' },
    { child: 'asset_deps', parent: 'asset_urls' },
    { child: 'asset_urls', parent: 'sites' },
    { child: 'asset_urls', parent: 'asset_urls' },
  ]).map((x) => x.name);
  for (const [parent, child] of [['sites', 'sessions'], ['sessions', 'chunks'], ['asset_urls', 'asset_deps'], ['sites', 'asset_urls']] as const) {
    assert.ok(order.indexOf(parent) < order.indexOf(child), `${parent} before ${child} in ${order.join(', ')}`);
  }
  assert.throws(() => parentsFirst(t('a', 'b'), [{ child: 'a', parent: 'b' }, { child: 'b', parent: 'a' }]), /cycle/);
});
