// A heatmap over 1,000,000 stored clicks of one page, through the store's own queries
// (JSON) and the sharp renderer (PNG), vs. a plain GROUP BY on the clicks table
// without the (site, page, device, ts) index, in the same database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../server/store/index.ts';
import { clickDensity } from '../server/heatmap/density.ts';
import { renderClickHeatmapPng } from '../server/heatmap/render.ts';

export interface HeatmapQueryTiming { clicks: number; jsonMs: number; pngMs: number; plainGroupByMs: number }

export async function measureHeatmapQuery(clicks = 1_000_000): Promise<HeatmapQueryTiming> {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-heatmap-'));
  const store = openStore(path.join(dir, 'einblick.db'));
  try {
    const site = store.createSite('bench', { name: 'Bench', origins: [], retentionDays: 90, privacy: 'strict' });
    const insert = store.db.prepare(
      `INSERT INTO clicks (session_id, pv, site_id, page, device, ts, x, y, selector, offset_x, offset_y) VALUES (?, 0, ?, ?, 'desktop', ?, ?, ?, ?, 50, 50)`,
    );
    // Clicks need a session row (foreign key): one per 1,000 clicks.
    const session = store.db.prepare("INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) VALUES (?, ?, 'v', 0, 0)");
    const page = 'https://shop.example/pricing';
    store.db.transaction(() => {
      for (let i = 0; i < clicks; i++) {
        if (i % 1000 === 0) session.run(`s${i / 1000}`, site.id);
        // Half the clicks on another page: the index has to pick this page's out.
        insert.run(`s${Math.floor(i / 1000)}`, site.id, i % 2 ? page : page + '/other', 1_700_000_000_000 + i, (i * 7919) % 1280, (i * 104_729) % 5000, `button#b${i % 40}`);
      }
    })();
    const f = { siteId: site.id, page, device: 'desktop' as const, from: 0, to: Date.now() };
    const cell = 8;

    const json = () => {
      const cells = store.clickCells(f, cell);
      return { cells, totals: store.clickTotals(f), top: store.clickSelectors(f), points: store.clickPoints(f) };
    };
    json(); // warm the page cache for both measurements alike
    let t = performance.now();
    const answer = json();
    const jsonMs = performance.now() - t;

    t = performance.now();
    const cols = 1280 / cell;
    const rows = 5000 / cell;
    const counts = new Float32Array(cols * rows);
    for (const c of answer.cells) if (c.cx < cols && c.cy < rows) counts[c.cy * cols + c.cx]! += c.n;
    const density = clickDensity({ cols, rows, cell, counts, total: 0 }, 3);
    await renderClickHeatmapPng({ density: density.values, cols, rows, cell, width: 1280, height: 5000, caption: 'bench', legend: { min: 0, max: density.peak } });
    const pngMs = performance.now() - t;

    t = performance.now();
    store.db.prepare(`SELECT CAST(x / 8 AS INTEGER) AS cx, CAST(y / 8 AS INTEGER) AS cy, count(*) FROM clicks NOT INDEXED WHERE page = ? GROUP BY cx, cy`).all(page);
    const plainGroupByMs = performance.now() - t;
    return { clicks, jsonMs, pngMs, plainGroupByMs };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
