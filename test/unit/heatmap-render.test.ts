import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { PageScreenshot } from '../../server/heatmaps/page-screenshots.ts';
import { binPoints, type HeatPoint } from '../../server/heatmaps/grid.ts';
import { clickDensity } from '../../server/heatmaps/density.ts';
import { scrollBands } from '../../server/heatmaps/scroll-bands.ts';
import { heatColour } from '../../contract/heat-ramp.ts';
import { escapeXml, fitLine } from '../../server/heatmaps/svg-text.ts';
import { CAPTION_HEIGHT, renderClickHeatmapPng, renderScrollMapPng } from '../../server/heatmaps/render.ts';
import { drawHeat } from '../../server/heatmaps/heat-layer.ts';
import { outlinePixels } from '../../server/heatmaps/page-canvas.ts';

const PAGE = { width: 1000, height: 1500 };

/** Clicks crowding round (200, 300), the way visitors hit a prominent button. */
function clicksAroundTheButton(): HeatPoint[] {
  const points: HeatPoint[] = [];
  for (let i = 0; i < 200; i++) points.push({ x: 200 + ((i * 7) % 21) - 10, y: 300 + ((i * 13) % 21) - 10 });
  return points;
}

async function clickHeatmap(background?: PageScreenshot): Promise<Buffer> {
  const density = clickDensity(binPoints(clicksAroundTheButton(), PAGE, 8), 4);
  return renderClickHeatmapPng({
    density: density.values,
    cols: density.cols,
    rows: density.rows,
    cell: density.cell,
    ...PAGE,
    ...(background ? { background } : {}),
    caption: '/pricing?plan=pro&ref=<mail> · desktop · 1–31 May 2025 · 200 clicks in 57 page views',
    peakClicks: density.peakClicks,
  });
}

/** Reads a PNG back as pixels; `pixel(x, y)` is [r, g, b]. */
async function pixelsOf(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => {
    const i = (y * info.width + x) * info.channels;
    return [data[i]!, data[i + 1]!, data[i + 2]!] as const;
  };
  return { info, pixel };
}

const redness = ([r, , b]: readonly [number, number, number]) => r - b;

test('the heat ramp runs from transparent blue to opaque red', () => {
  const [r0, , b0, a0] = heatColour(0);
  const [r1, g1, b1, a1] = heatColour(1);
  assert.ok(b0 > r0 && a0 === 0, 'no activity is a transparent blue');
  assert.ok(r1 > 200 && g1 < 50 && b1 < 50 && a1 > 200, 'the hottest spot is a strong red');
  for (let i = 1; i <= 100; i++) assert.ok(heatColour(i / 100)[3] >= heatColour((i - 1) / 100)[3], 'alpha never drops');
  assert.deepEqual(heatColour(NaN), heatColour(0));
  assert.deepEqual(heatColour(7), heatColour(1));
});

test('text from the site is escaped before it reaches the SVG', () => {
  assert.equal(escapeXml(`/a?x=1&y=<b>"'`), '/a?x=1&amp;y=&lt;b&gt;&quot;&apos;');
  assert.equal(escapeXml('tab\there\u0007'), 'tab\there');
});

test('a long caption shrinks to fit a phone-wide image, and is cut only as a last resort', () => {
  assert.deepEqual(fitLine('/pricing · desktop', 14, 976), { text: '/pricing · desktop', size: 14 });
  const phone = fitLine('/pricing · mobile · 1–31 May 2025 · 80 clicks in 31 page views', 14, 351);
  assert.ok(phone.size < 14 && phone.size >= 9 && !phone.text.endsWith('…'));
  const cut = fitLine('x'.repeat(500), 14, 351);
  assert.equal(cut.size, 9);
  assert.ok(cut.text.endsWith('…') && cut.text.length < 80);
});

test('a click heatmap is a PNG of the page plus a caption strip', async () => {
  const png = await clickHeatmap();
  const meta = await sharp(png).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.width, 1000);
  assert.equal(meta.height, 1500 + CAPTION_HEIGHT);
  assert.equal(CAPTION_HEIGHT, 64);
});

test('the spot where visitors clicked glows red, the rest of the page does not', async (t) => {
  const started = performance.now();
  const png = await clickHeatmap();
  t.diagnostic(`rendered a 1000×1500 click heatmap in ${(performance.now() - started).toFixed(0)} ms, ${png.length} bytes`);
  const { pixel } = await pixelsOf(png);
  const hot = pixel(200, 300);
  const far = pixel(800, 1200);
  assert.ok(hot[0] > 180 && hot[2] < 100, `the hot spot is red: ${hot}`);
  assert.ok(redness(hot) > redness(far) + 120, `hot ${hot} is much redder than far ${far}`);
  assert.ok(far[0] > 230 && far[1] > 230 && far[2] > 230, `away from the clicks the grey page shows: ${far}`);
});

test('the heat is laid over the screenshot when there is one', async () => {
  // A 2× screenshot of a teal page: scaled down to the page, heat on top.
  const screenshot = await sharp({ create: { width: 2000, height: 3000, channels: 3, background: { r: 0, g: 128, b: 128 } } }).png().toBuffer();
  const png = await clickHeatmap({ png: screenshot, width: 2000, height: 3000 });
  const { info, pixel } = await pixelsOf(png);
  assert.deepEqual([info.width, info.height], [1000, 1500 + CAPTION_HEIGHT]);
  assert.deepEqual(pixel(800, 1200), [0, 128, 128], 'the screenshot shows where nobody clicked');
  assert.ok(redness(pixel(200, 300)) > 120, `the hot spot is red over the screenshot: ${pixel(200, 300)}`);
});

test('a screenshot shorter than the page is not stretched: the page continues in grey below it', async () => {
  const screenshot = await sharp({ create: { width: 1000, height: 600, channels: 3, background: { r: 0, g: 128, b: 128 } } }).png().toBuffer();
  const { pixel } = await pixelsOf(await clickHeatmap({ png: screenshot, width: 1000, height: 600 }));
  assert.deepEqual(pixel(800, 550), [0, 128, 128], 'the screenshot at its own scale');
  const below = pixel(800, 1200);
  assert.ok(below[0] > 230 && below[1] > 230 && below[2] > 230, `page grey below the screenshot: ${below}`);
});

test('a grid that does not match the page is refused with a hint', async () => {
  const density = clickDensity(binPoints([], PAGE, 8), 4);
  const image = { density: density.values, cols: density.cols, rows: density.rows, cell: 8, width: 500, height: 750, caption: '', peakClicks: 0 };
  await assert.rejects(renderClickHeatmapPng(image), /bin over the page size you render/);
  await assert.rejects(renderClickHeatmapPng({ ...image, width: 0 }), /page size must be whole px/);
});

test('a page nobody clicked still renders, as a plain page', async () => {
  const density = clickDensity(binPoints([], PAGE, 8), 4);
  const png = await renderClickHeatmapPng({ density: density.values, cols: density.cols, rows: density.rows, cell: 8, ...PAGE, caption: 'no clicks yet', peakClicks: 0 });
  const { pixel } = await pixelsOf(png);
  assert.deepEqual(pixel(200, 300), pixel(800, 1200));
});

test('the scroll map is hottest at the top when visitors drop off further down', async (t) => {
  const views = Array.from({ length: 100 }, (_, i) => ({ maxScroll: i / 100, viewportHeight: 150, docHeight: 1500 }));
  const map = scrollBands(views);
  const started = performance.now();
  const png = await renderScrollMapPng({ bands: map.bands, ...PAGE, fold: map.fold, caption: '/pricing · desktop · 100 page views' });
  t.diagnostic(`rendered a 1000×1500 scroll map in ${(performance.now() - started).toFixed(0)} ms, ${png.length} bytes`);
  const meta = await sharp(png).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 1000, 1500 + CAPTION_HEIGHT]);
  const { pixel } = await pixelsOf(png);
  const top = pixel(300, 40);
  const middle = pixel(300, 760);
  const bottom = pixel(300, 1460);
  assert.ok(redness(top) > redness(middle) && redness(middle) > redness(bottom), `top ${top}, middle ${middle}, bottom ${bottom}`);
  assert.ok(redness(top) > 150, `everyone saw the top: ${top}`);
  assert.ok(Math.abs(redness(bottom)) < 20, `almost nobody saw the bottom: ${bottom}`);
});

test('the average fold is drawn as a dashed line', async () => {
  const bands = scrollBands([]).bands;
  const png = await renderScrollMapPng({ bands, ...PAGE, fold: 0.4, caption: 'fold only' });
  const { pixel } = await pixelsOf(png);
  const onLine = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((x) => pixel(300 + x, 600)[0]);
  assert.ok(Math.min(...onLine) < 60, 'dashes are dark');
  assert.ok(Math.max(...onLine) > 200, 'gaps between dashes show the page');
  assert.ok(pixel(300, 500)[0] > 230, 'away from the line the page is plain');
});

test('the heat is blended into the page pixels: cold cells leave them as they are, the hottest is the ramp top at its alpha', () => {
  const page = outlinePixels(64, 32, 4);
  const before = Buffer.from(page.data);
  const density = new Float32Array(8 * 4);
  for (const [c, r] of [[2, 1], [3, 1], [2, 2], [3, 2]]) density[r! * 8 + c!] = 1; // a hot block, cells (2..3, 1..2): page px 16..31, 8..23
  drawHeat({ density, cols: 8, rows: 4, cell: 8 }, page);
  const at = (x: number, y: number, data = page.data) => [...data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
  const [r, g, b, alpha] = heatColour(1);
  const over = (c: number, d: number) => Math.round((c * alpha) / 255 + d * (1 - alpha / 255));
  const grey = at(24, 16, before);
  assert.deepEqual(at(24, 16), [over(r, grey[0]!), over(g, grey[1]!), over(b, grey[2]!)], 'the middle of the block is the top of the ramp over the grey');
  assert.deepEqual(at(50, 28), at(50, 28, before), 'far from the hot cell the page is untouched');
  assert.deepEqual(page.data.subarray(64 * 32 * 3), before.subarray(64 * 32 * 3), 'the caption strip rows are left alone');
  const edge = at(30, 16);
  assert.ok(edge[1]! > at(24, 16)[1]! && edge[1]! < 244, `past the block the heat fades (green rises towards the grey): ${edge}`);
});

test('the page outline is grey inside a one-pixel border, with white room for the strip', () => {
  const page = outlinePixels(10, 6, 2);
  const at = (x: number, y: number) => [...page.data.subarray((y * 10 + x) * 3, (y * 10 + x) * 3 + 3)];
  for (const [x, y] of [[0, 0], [9, 0], [0, 5], [9, 5], [4, 0], [0, 3], [9, 3], [4, 5]] as const) assert.deepEqual(at(x, y), [209, 213, 219], `border at ${x},${y}`);
  assert.deepEqual(at(4, 3), [243, 244, 246]);
  assert.deepEqual(at(4, 6), [255, 255, 255]);
  assert.deepEqual(at(9, 7), [255, 255, 255]);
});

test('a warm row of cells leaves nothing behind on the cold cells of a later one', () => {
  const page = outlinePixels(128, 64, 0);
  const before = Buffer.from(page.data);
  const density = new Float32Array(16 * 8);
  for (let c = 0; c < 14; c++) density[1 * 16 + c] = 1; // cell row 1 warm from column 0 to 13
  density[5 * 16 + 10] = 1; // cell row 5 warm only at column 10
  drawHeat({ density, cols: 16, rows: 8, cell: 8 }, page);
  // Page px (72..75, 44): between the centres of cells 8 and 9, both cold in cell rows 4..6.
  for (let x = 66; x < 76; x++) {
    const i = (44 * 128 + x) * 3;
    assert.deepEqual([...page.data.subarray(i, i + 3)], [...before.subarray(i, i + 3)], `page px (${x}, 44) is untouched`);
  }
});
