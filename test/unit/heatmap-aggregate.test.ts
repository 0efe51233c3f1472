import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binPoints, type HeatPoint } from '../../server/heatmaps/grid.ts';
import { clickDensity, gaussianKernel } from '../../server/heatmaps/density.ts';
import { scrollBands } from '../../server/heatmaps/scroll-bands.ts';
import { topElements } from '../../server/heatmaps/top-elements.ts';

const at = (grid: { cols: number; counts?: Float32Array; values?: Float32Array }, col: number, row: number) =>
  (grid.counts ?? grid.values)![row * grid.cols + col]!;

/** Deterministic noise, so a failing run can be repeated. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('clicks are counted in the cell under them, weights included', () => {
  const grid = binPoints([{ x: 5, y: 5 }, { x: 7, y: 1 }, { x: 25, y: 12, weight: 3 }], { width: 40, height: 20 }, 10);
  assert.deepEqual([grid.cols, grid.rows, grid.cell, grid.total], [4, 2, 10, 5]);
  assert.equal(at(grid, 0, 0), 2);
  assert.equal(at(grid, 2, 1), 3);
});

test('a page that is not a whole number of cells gets a partial last cell', () => {
  const grid = binPoints([{ x: 1279, y: 4999 }], { width: 1280, height: 4999 }, 8);
  assert.deepEqual([grid.cols, grid.rows], [160, 625]);
  assert.equal(at(grid, 159, 624), 1);
});

test('clicks outside the page are dropped, clicks on its edge are kept', () => {
  const page = { width: 100, height: 50 };
  const points: HeatPoint[] = [{ x: 100, y: 50 }, { x: 0, y: 0 }, { x: 101, y: 10 }, { x: 10, y: -1 }, { x: 10, y: 500 }];
  const grid = binPoints(points, page, 10);
  assert.equal(grid.total, 2);
  assert.equal(at(grid, 9, 4), 1, 'the bottom-right corner lands in the last cell, not past it');
});

test('a broken row cannot poison the map', () => {
  const grid = binPoints([{ x: NaN, y: 1 }, { x: 1, y: Infinity }, { x: 1, y: 1, weight: -2 }, { x: 1, y: 1, weight: NaN }, { x: 1, y: 1 }], { width: 10, height: 10 }, 5);
  assert.equal(grid.total, 1);
  assert.ok(grid.counts.every(Number.isFinite));
  assert.throws(() => binPoints([], { width: 10, height: 10 }, 0), /cell must be a positive number/);
});

test('the blur kernel is a symmetric bell that keeps the click count', () => {
  const kernel = gaussianKernel(4);
  assert.equal(kernel.length, 9);
  assert.ok(Math.abs(kernel.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  for (let i = 0; i < 4; i++) {
    assert.equal(kernel[i], kernel[8 - i]);
    assert.ok(kernel[i]! < kernel[i + 1]!);
  }
  assert.deepEqual([...gaussianKernel(0)], [1]);
});

test('one click becomes a soft round spot whose centre is the hottest point', () => {
  const grid = binPoints([{ x: 105, y: 105 }], { width: 210, height: 210 }, 10);
  const density = clickDensity(grid, 3);
  assert.equal(at(density, 10, 10), 1);
  assert.ok(at(density, 11, 10) > at(density, 12, 10) && at(density, 12, 10) > 0);
  assert.equal(at(density, 11, 10), at(density, 10, 11), 'the spot is as tall as it is wide');
  assert.equal(at(density, 9, 10), at(density, 11, 10));
  assert.equal(at(density, 14, 10), 0, 'nothing beyond the radius');
  const sum = density.values.reduce((a, b) => a + b, 0) * density.peak;
  assert.ok(Math.abs(sum - 1) < 1e-5, 'blurring moves the click around but keeps it one click');
});

test('a page nobody clicked on has an all-zero density, not NaN', () => {
  const density = clickDensity(binPoints([], { width: 300, height: 200 }, 8), 4);
  assert.equal(density.peak, 0);
  assert.ok(density.values.every((v) => v === 0));
});

test('a million clicks on a long desktop page are binned and blurred at once', (t) => {
  const rand = random(42);
  const page = { width: 1280, height: 5000 };
  const points: HeatPoint[] = new Array(1_000_000);
  for (let i = 0; i < points.length; i++) {
    // 60 % crowd around the "Buy" button at (320, 1000), the rest anywhere on the page.
    points[i] = i % 5 < 3
      ? { x: 320 + (rand() + rand() - 1) * 40, y: 1000 + (rand() + rand() - 1) * 40 }
      : { x: rand() * page.width, y: rand() * page.height };
  }
  const started = performance.now();
  const grid = binPoints(points, page, 8);
  const binned = performance.now();
  const density = clickDensity(grid, 4);
  const blurred = performance.now();
  t.diagnostic(
    `1,000,000 clicks on 1280×5000 in 8 px cells: binned in ${(binned - started).toFixed(1)} ms, ` +
      `blurred (radius 4) in ${(blurred - binned).toFixed(1)} ms, ${(blurred - started).toFixed(1)} ms in all`,
  );

  assert.deepEqual([grid.cols, grid.rows, grid.total], [160, 625, 1_000_000]);
  assert.equal(grid.counts.reduce((a, b) => a + b, 0), 1_000_000);
  let hottest = 0;
  for (let i = 0; i < density.values.length; i++) {
    assert.ok(density.values[i]! >= 0 && density.values[i]! <= 1);
    if (density.values[i]! > density.values[hottest]!) hottest = i;
  }
  assert.equal(density.values[hottest], 1);
  const [col, row] = [hottest % grid.cols, Math.floor(hottest / grid.cols)];
  assert.ok(Math.abs(col - 40) <= 1 && Math.abs(row - 125) <= 1, `hottest cell ${col},${row} is at the button`);
  assert.ok(at(density, 150, 600) < 0.05, 'a far corner stays cold');
});

test('the scroll map shows how many page views reached each 5 % of the page', () => {
  const views = [
    { maxScroll: 1, viewportHeight: 800, docHeight: 4000 },
    { maxScroll: 0.52, viewportHeight: 800, docHeight: 4000 },
    { maxScroll: 0.5, viewportHeight: 800, docHeight: 4000 },
    { maxScroll: 0.2, viewportHeight: 800, docHeight: 4000 },
  ];
  const map = scrollBands(views);
  assert.equal(map.bands.length, 21);
  assert.deepEqual(map.bands.map((b) => b.depth), Array.from({ length: 21 }, (_, i) => i * 5));
  const share = (depth: number) => map.bands.find((b) => b.depth === depth)!.share;
  assert.deepEqual([share(0), share(20), share(25), share(50), share(55), share(100)], [1, 1, 0.75, 0.75, 0.25, 0.25]);
  for (let i = 1; i < map.bands.length; i++) assert.ok(map.bands[i]!.share <= map.bands[i - 1]!.share);
  assert.equal(map.fold, 0.2);
  assert.equal(map.pageViews, 4);
});

test('a visitor who never scrolled still saw the first screen', () => {
  const map = scrollBands([{ maxScroll: 0, viewportHeight: 900, docHeight: 3000 }]);
  assert.equal(map.bands.find((b) => b.depth === 30)!.share, 1);
  assert.equal(map.bands.find((b) => b.depth === 35)!.share, 0);
  assert.equal(map.fold, 0.3);
});

test('a page shorter than its screen is all above the fold', () => {
  const map = scrollBands([{ maxScroll: 0.4, viewportHeight: 900, docHeight: 600 }, { maxScroll: 1, viewportHeight: 900, docHeight: 0 }]);
  assert.equal(map.fold, 1);
  assert.ok(map.bands.every((b) => b.share === 1));
});

test('with no page views every band is empty and there is no fold', () => {
  const map = scrollBands([]);
  assert.equal(map.bands.length, 21);
  assert.ok(map.bands.every((b) => b.share === 0));
  assert.deepEqual([map.fold, map.pageViews], [0, 0]);
});

test('the most clicked elements come first, ties in selector order', () => {
  const clicks = ['#buy', 'nav a', '#buy', 'footer', 'nav a', '#buy', '', 'aside'].map((selector) => ({ selector }));
  assert.deepEqual(topElements(clicks, 3), [
    { selector: '#buy', clicks: 3, share: 3 / 8 },
    { selector: 'nav a', clicks: 2, share: 2 / 8 },
    { selector: 'aside', clicks: 1, share: 1 / 8 },
  ]);
  assert.equal(topElements(clicks).length, 4, 'clicks without a selector count in the total but are not listed');
  assert.deepEqual(topElements([]), []);
});
