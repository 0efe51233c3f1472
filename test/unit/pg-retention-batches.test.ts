// Retention on PostgreSQL over more sessions than one transaction should hold: it expires
// them in transactions of EXPIRE_BATCH, each with its own locks, so a site with tens of
// thousands of expired sessions (a first run, a shortened retention) does not run out of
// lock memory and fail every hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshPgDatabase, pgSkipReason } from '../helpers/postgres.ts';
import { openMigratedPg } from '../../server/store/postgres/open.ts';
import { pgEraseStore, EXPIRE_BATCH } from '../../server/store/postgres/erase.ts';
import { pgHeatmapHoursStore } from '../../server/store/postgres/heatmap-hours.ts';

test('retention expires 2.2 batches of old sessions in several transactions, and keeps the recent ones', { skip: await pgSkipReason() }, async () => {
  const db = await freshPgDatabase('retention');
  const pg = await openMigratedPg(db.url);
  try {
    const old = Math.floor(EXPIRE_BATCH * 2.2);
    const now = Date.UTC(2026, 11, 1);
    await pg.run("INSERT INTO sites (id, key, name, privacy, created_at) VALUES (1, 'shop', 'Shop', 'strict', 1)");
    await pg.run("INSERT INTO visitors (site_id, id, first_seen, last_seen) SELECT 1, 'v-' || g, 1, 1 FROM generate_series(1, $1::int) g", [old + 10]);
    await pg.run("INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) SELECT 's-' || g, 1, 'v-' || g, $2::bigint, $2::bigint FROM generate_series(1, $1::int) g", [old, now - 100 * 86_400_000]);
    await pg.run("INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) SELECT 'recent-' || g, 1, 'v-' || g, $1::bigint, $1::bigint FROM generate_series($2::int + 1, $2::int + 10) g", [now, old]);
    // The store's transactions, counted as they begin.
    let transactions = 0;
    const counted = { ...pg, tx: ((work, isolation) => (transactions++, pg.tx(work, isolation))) as typeof pg.tx };

    const counts = await pgEraseStore(counted, pgHeatmapHoursStore(counted)).expireBefore(1, now - 90 * 86_400_000);

    assert.equal(counts.sessions, old);
    assert.equal(counts.visitors, old, 'the visitors left without a session go too');
    assert.equal((await pg.row<{ n: number }>('SELECT count(*)::int AS n FROM sessions'))!.n, 10, 'the recent sessions stay');
    assert.ok(transactions >= Math.ceil(old / EXPIRE_BATCH), `expired in batches, not one transaction (${transactions} transactions)`);
  } finally {
    await pg.close();
    await db.drop();
  }
});
