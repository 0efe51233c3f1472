// Heatmap counters: kept at ingest, they answer exactly what grouping the clicks
// themselves answers, and stay true when sessions are erased or expire.
import { shownMap as shown } from '../helpers/shown-map.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type SqliteStore, type Store } from '../../server/store/index.ts';
import { HOUR_MS, addClickGroup, cellKey, emptyTile, forEachPackedCell, packCells, splitHours } from '../../server/heatmaps/hour-tile.ts';
import { gridOf, nonEmptyCells, type HeatmapCounts } from '../../server/heatmaps/counts.ts';
import type { ChunkFacts } from '../../contract/schemas/index.ts';
import type { HeatmapFilter } from '../../server/store/heatmaps.ts';

const PAGE = 'https://shop.example/pricing';
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);

test('a range is whole hours for the counters plus the edges around them', () => {
  assert.deepEqual(splitHours(T0, T0 + 3 * HOUR_MS - 1), { first: T0 / HOUR_MS, last: T0 / HOUR_MS + 2, edges: [] });
  const odd = splitHours(T0 - 60_000, T0 + HOUR_MS + 5);
  assert.equal(odd.first, T0 / HOUR_MS);
  assert.equal(odd.last, T0 / HOUR_MS);
  assert.deepEqual(odd.edges, [[T0 - 60_000, T0 - 1], [T0 + HOUR_MS, T0 + HOUR_MS + 5]]);
  assert.deepEqual(splitHours(T0 + 10, T0 + 20).edges, [[T0 + 10, T0 + 20]], 'less than an hour is all edge');
  assert.deepEqual(splitHours(T0 + 20, T0 + 10).edges, [], 'an empty range reads nothing');
});

test('clicks grouped by cell and selector add up to totals, selectors and cells', () => {
  const t = emptyTile();
  const cells = new Map<number, number>();
  addClickGroup(t, cells, { cx: 2, cy: 3, selector: 'button#buy', n: 5, rage: 2, dead: 0 });
  addClickGroup(t, cells, { cx: 2, cy: 3, selector: 'main', n: 1, rage: 0, dead: 1 });
  addClickGroup(t, cells, { cx: 7, cy: 0, selector: 'button#buy', n: 3, rage: 0, dead: 0 });
  addClickGroup(t, cells, { cx: 70_000, cy: 0, selector: 'main', n: 4, rage: 0, dead: 0 });
  assert.deepEqual([t.clicks, t.rage, t.dead], [13, 2, 1], 'every click is counted, on the page or not');
  assert.deepEqual(Object.fromEntries(t.selectors), { 'button#buy': 8, main: 5 });
  assert.deepEqual(Object.fromEntries(cells), { [3 * 0x10000 + 2]: 6, 7: 3 }, 'two selectors in one cell add up; a cell past 65,535 is left out');
});

test('8 px counter cells pack and unpack, and make 16 px maps', () => {
  const cells = new Map([[cellKey(5, 9)!, 2], [cellKey(12, 9)!, 3], [cellKey(300, 1000)!, 1]]);
  const seen: [number, number, number][] = [];
  forEachPackedCell(packCells(cells), (c, r, n) => seen.push([c, r, n]));
  assert.deepEqual(seen, [[0, 1, 2], [1, 1, 3], [37, 125, 1]]);
  assert.equal(cellKey(-1, 5), null, 'off the page is not counted');
  const counts: HeatmapCounts = { totals: undefined as never, cellParts: [{ cell: 8, packed: packCells(cells) }] };
  const grid = gridOf(counts, 16, 10, 10);
  assert.equal(grid.counts[0], 5, 'both 8 px cells fall in the first 16 px cell');
  assert.equal(grid.total, 5, 'the click at (300, 1000) is off this 160 px page and dropped');
  assert.throws(() => gridOf(counts, 12, 10, 10), /8 px cells cannot make a map of 12 px/);
  assert.deepEqual(nonEmptyCells(gridOf(counts, 8, 40, 130)), [[0, 1, 2], [1, 1, 3], [37, 125, 1]], 'the answer lists the clicked cells as [col, row, clicks]');
  assert.deepEqual(nonEmptyCells(grid), [[0, 0, 5]]);
});

let n = 0;
async function visit(store: Store, o: { visitor: string; ts: number; width?: number; clicks: [number, number, string][]; depth?: number; rage?: boolean; page?: string }): Promise<void> {
  const session = `s-${++n}`;
  const width = o.width ?? 1280;
  const chunk: ChunkFacts = {
    site: 'demo', visitor: o.visitor, session, seq: 0,
    pages: [{ pv: 0, url: `${o.page ?? PAGE}?q=${n}`, ts: o.ts, viewportWidth: width, viewportHeight: 700, docWidth: width, docHeight: 2800 }],
    clicks: o.clicks.map(([x, y, selector], i) => ({ pv: 0, ts: o.ts + i * 1000, x, y, selector, offsetX: 50, offsetY: 50, rage: o.rage && i < 3, dead: i === 0 })),
    scroll: o.depth ? [{ pv: 0, ts: o.ts + 500, depth: o.depth }] : [],
  };
  const site = (await store.sites.siteByKey('demo'))!;
  const [outcome] = await store.chunks.writeChunks([{ siteId: site.id, chunk, eventCount: 1, data: Buffer.from('x'), hash: Buffer.from(session), firstTs: o.ts, lastTs: o.ts + 60_000, fullSnapshot: false, externalHash: null, consent: null, receivedAt: o.ts }]);
  assert.equal(outcome, 'started', 'the first chunk of a new session');
}

async function withStore(run: (store: SqliteStore, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-counters-'));
  const store = openStore(path.join(dir, 'einblick.db'));
  try {
    await store.sites.createSite('demo', { name: 'Demo', origins: [], retentionDays: 90, privacy: 'strict' });
    await run(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}


async function seed(store: Store): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const clicks: [number, number, string][] = Array.from({ length: 1 + (i % 4) }, (_, k) => [100 + ((i * 37 + k * 11) % 900), 200 + ((i * 53 + k * 17) % 2400), `button#b${(i + k) % 5}`]);
    await visit(store, { visitor: `v-${i % 7}`, ts: T0 + i * 17 * 60_000, clicks, depth: (i % 5) / 4, rage: i % 6 === 0 });
  }
  await visit(store, { visitor: 'v-phone', ts: T0 + 5 * 60_000, width: 390, clicks: [[50, 50, 'a#menu']] });
}

test('summed hourly counters show exactly what grouping the clicks shows, edges included', async () => {
  await withStore(async (store) => {
    await seed(store);
    const site = (await store.sites.siteByKey('demo'))!;
    const ranges = [
      [T0, T0 + 10 * HOUR_MS - 1],
      [T0 + 23 * 60_000, T0 + 6 * HOUR_MS + 7 * 60_000],
      [T0 + 10 * 60_000, T0 + 40 * 60_000],
    ];
    for (const [from, to] of ranges) {
      const f: HeatmapFilter = { siteId: site.id, page: PAGE, device: 'desktop', from: from!, to: to! };
      const counted = shown(await store.heatmaps.heatmapCounts(f, 8));
      assert.deepEqual(counted, shown(await store.heatmaps.rawHeatmapCounts(f, 8)), `range ${new Date(from!).toISOString()} to ${new Date(to!).toISOString()}`);
      assert.ok(counted.clicks > 0 && counted.pageViews > 0);
      // 12 px cells are grouped from the clicks; everything else still comes from the counters.
      const twelve = shown(await store.heatmaps.heatmapCounts(f, 12), 12);
      assert.deepEqual(twelve, shown(await store.heatmaps.rawHeatmapCounts(f, 12), 12), `12 px cells, range ${new Date(from!).toISOString()} to ${new Date(to!).toISOString()}`);
      assert.deepEqual({ ...twelve, cells: [] }, { ...counted, cells: [] }, 'the same totals, selectors and scroll reach at any cell size');
      assert.equal(twelve.cells.length > 0, true);
    }
    const all: HeatmapFilter = { siteId: site.id, page: PAGE, device: 'desktop', from: 0, to: T0 + 20 * HOUR_MS };
    assert.equal((await store.heatmaps.heatmapCounts(all, 8)).totals.clicks, 73, '30 visits with 1, 2, 3, 4, 1, 2, ... clicks');
    // With most of the table's clicks on another page, this page's 12 px cells are read through the index, not a scan.
    const twelve = shown(await store.heatmaps.heatmapCounts(all, 12), 12);
    for (let i = 0; i < 10; i++) await visit(store, { visitor: `v-other-${i}`, ts: T0 + i * 60_000, clicks: Array.from({ length: 30 }, (_, k) => [k * 10, k * 20, 'a#x'] as [number, number, string]), page: PAGE + '/other' });
    assert.deepEqual(shown(await store.heatmaps.heatmapCounts(all, 12), 12), twelve);
    assert.deepEqual(shown(await store.heatmaps.rawHeatmapCounts(all, 12), 12), twelve);
    assert.equal((await store.heatmaps.heatmapCounts({ ...all, device: 'mobile' }, 8)).totals.clicks, 1);
  });
});

test('after erasing a visitor, or expiring old sessions, the counters no longer count their clicks', async () => {
  await withStore(async (store) => {
    await seed(store);
    const site = (await store.sites.siteByKey('demo'))!;
    const f: HeatmapFilter = { siteId: site.id, page: PAGE, device: 'desktop', from: 0, to: T0 + 20 * HOUR_MS };
    const before = (await store.heatmaps.heatmapCounts(f, 8)).totals.clicks;
    await store.erasure.eraseVisitor(site.id, 'v-3');
    const after = shown(await store.heatmaps.heatmapCounts(f, 8));
    assert.deepEqual(after, shown(await store.heatmaps.rawHeatmapCounts(f, 8)), 'the counters match the rows that are left');
    assert.ok(after.clicks < before, `fewer clicks after the erasure (${after.clicks} of ${before})`);
    const left = store.db.prepare('SELECT count(*) AS n FROM clicks WHERE session_id IN (SELECT id FROM sessions WHERE visitor_id = ?)').get('v-3') as { n: number };
    assert.equal(left.n, 0);

    // Retention: sessions whose last activity is before the cutoff go, with their counts.
    await store.erasure.expireBefore(site.id, T0 + 3 * HOUR_MS);
    const expired = shown(await store.heatmaps.heatmapCounts(f, 8));
    assert.deepEqual(expired, shown(await store.heatmaps.rawHeatmapCounts(f, 8)));
    assert.ok(expired.clicks < after.clicks);
    const hours = store.db.prepare('SELECT min(hour) AS first FROM heatmap_hours').get() as { first: number };
    assert.ok(hours.first * HOUR_MS >= T0 + 2 * HOUR_MS - 60_000 * 17, 'the emptied hours are gone from the counters');
  });
});

test('a database written before the counters existed is counted once when it opens', async () => {
  await withStore(async (store, dir) => {
    await seed(store);
    const site = (await store.sites.siteByKey('demo'))!;
    const f: HeatmapFilter = { siteId: site.id, page: PAGE, device: 'desktop', from: 0, to: T0 + 20 * HOUR_MS };
    const expected = shown(await store.heatmaps.heatmapCounts(f, 8));
    store.db.exec('DELETE FROM heatmap_hours');
    const reopened = openStore(path.join(dir, 'einblick.db'));
    try {
      assert.deepEqual(shown(await reopened.heatmaps.heatmapCounts(f, 8)), expected);
    } finally {
      await reopened.close();
    }
  });
});

test('over many clicks the viewer gets an even sample of about 2,000, weighted so the total stays exact', async () => {
  await withStore(async (store) => {
    // 5,000 clicks over five hours, on two buttons: three times as many on #buy.
    for (let i = 0; i < 50; i++) {
      const clicks: [number, number, string][] = Array.from({ length: 100 }, (_, k) => (k % 4 === 0 ? [900, 600, 'a#help'] : [200, 300, 'button#buy']));
      await visit(store, { visitor: `many-${i}`, ts: T0 + i * 6 * 60_000, clicks });
    }
    const site = (await store.sites.siteByKey('demo'))!;
    const f: HeatmapFilter = { siteId: site.id, page: PAGE, device: 'desktop', from: T0, to: T0 + 6 * HOUR_MS };
    const total = (await store.heatmaps.heatmapCounts(f, 8)).totals.clicks;
    assert.equal(total, 5000);
    const points = await store.heatmaps.clickPoints(f, total);
    assert.ok(points.length > 1800 && points.length < 2200, `about 2,000 points (${points.length})`);
    const weight = points.reduce((n, p) => n + p.weight, 0);
    assert.ok(Math.abs(weight - total) < 1e-6, `the weights add up to every click (${weight})`);
    const buy = points.filter((p) => p.selector === 'button#buy').length / points.length;
    assert.ok(Math.abs(buy - 0.75) < 0.05, `the sample keeps the share of #buy (${buy.toFixed(3)})`);
    // A range that starts mid-hour: the edge hour's sample is cut at the range too.
    const late = { ...f, from: T0 + 30 * 60_000 };
    const lateTotal = (await store.heatmaps.heatmapCounts(late, 8)).totals.clicks;
    assert.equal(lateTotal, 4500);
    const latePoints = await store.heatmaps.clickPoints(late, lateTotal);
    assert.ok(Math.abs(latePoints.length - 2000) < 250, `about 2,000 of the 4,500 (${latePoints.length})`);
    const few = { ...f, from: T0 + 4 * HOUR_MS + 30 * 60_000 };
    const fewTotal = (await store.heatmaps.heatmapCounts(few, 8)).totals.clicks;
    assert.ok(fewTotal < 2000);
    assert.deepEqual(new Set((await store.heatmaps.clickPoints(few, fewTotal)).map((p) => p.weight)), new Set([1]), 'under 2,000 clicks: every one, weight 1');
    assert.equal((await store.heatmaps.clickPoints(few, fewTotal)).length, fewTotal);
  });
});

test('whole days are read from their sums, which a late chunk, an erasure or today\'s clicks never leave stale', async () => {
  await withStore(async (store) => {
    await seed(store);
    for (let d = 1; d <= 3; d++) await visit(store, { visitor: `v-day-${d}`, ts: T0 - d * 24 * HOUR_MS, clicks: [[300, 400, 'button#b1'], [310, 410, 'button#b1']], depth: 0.5 });
    const site = (await store.sites.siteByKey('demo'))!;
    const f: HeatmapFilter = { siteId: site.id, page: PAGE, device: 'desktop', from: 0, to: Date.now() + HOUR_MS };
    const summedDays = () => (store.db.prepare('SELECT count(*) AS n FROM heatmap_days').get() as { n: number }).n;
    const first = shown(await store.heatmaps.heatmapCounts(f, 8));
    assert.deepEqual(first, shown(await store.heatmaps.rawHeatmapCounts(f, 8)));
    assert.equal(summedDays(), 4, 'the four past days with desktop clicks are summed once read');
    assert.deepEqual(shown(await store.heatmaps.heatmapCounts(f, 8)), first, 'read again from the sums: the same map');

    await visit(store, { visitor: 'v-late', ts: T0 - 2 * 24 * HOUR_MS + 60_000, clicks: [[700, 900, 'a#late']] });
    assert.equal(summedDays(), 3, 'the late chunk\'s day is summed anew on the next read');
    const late = shown(await store.heatmaps.heatmapCounts(f, 8));
    assert.equal(late.clicks, first.clicks + 1);
    assert.deepEqual(late, shown(await store.heatmaps.rawHeatmapCounts(f, 8)));

    await store.erasure.eraseVisitor(site.id, 'v-day-1');
    const erased = shown(await store.heatmaps.heatmapCounts(f, 8));
    assert.equal(erased.clicks, late.clicks - 2);
    assert.deepEqual(erased, shown(await store.heatmaps.rawHeatmapCounts(f, 8)));

    // Today is still being counted: it is read hour by hour, never summed.
    await visit(store, { visitor: 'v-today', ts: Date.now() - 60_000, clicks: [[20, 30, 'a#now']] });
    const today = shown(await store.heatmaps.heatmapCounts(f, 8));
    assert.equal(today.clicks, erased.clicks + 1);
    assert.deepEqual(today, shown(await store.heatmaps.rawHeatmapCounts(f, 8)));
    const todayDay = Math.floor(Date.now() / (24 * HOUR_MS));
    assert.equal((store.db.prepare('SELECT count(*) AS n FROM heatmap_days WHERE day >= ?').get(todayDay) as { n: number }).n, 0);
  });
});
