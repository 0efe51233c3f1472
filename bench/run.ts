// npm run bench: each figure beside a baseline measured in the same run, as a ratio.
// This machine is shared and noisy: read the ratios, not the absolute times.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { measureScriptSizes } from './script-size.ts';
import { measureWireBytes } from './wire-bytes.ts';
import { measureHeatmap } from './heatmap-speed.ts';
import { measureHeatmapQuery } from './heatmap-query.ts';
import { measureIngestClicks } from './ingest-clicks.ts';
import { measureHostileIngest } from './hostile-ingest.ts';
import { freePort, startChildServer } from './child-server.ts';
import { runLoad } from './load-generator.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { createWorld } from '../test/helpers/world.ts';
import { measureMainThread, measureRecorderTasks } from './main-thread.ts';
import { measureReplayStart } from './replay-start.ts';
import { measureAssetDedup } from './asset-dedup.ts';
import { measureReplayAssetsStart } from './replay-assets-start.ts';
import { measureSessionFilters } from './session-filters.ts';
import { sqliteDb } from '../test/helpers/sqlite-db.ts';

interface Row { figure: string; value: number; unit: string; baseline: string; baselineValue: number; ratio: number }
const rows: Row[] = [];
const add = (figure: string, value: number, unit: string, baseline: string, baselineValue: number) =>
  rows.push({ figure, value: Math.round(value * 10) / 10, unit, baseline, baselineValue: Math.round(baselineValue * 10) / 10, ratio: Math.round((value / baselineValue) * 100) / 100 });
const step = (what: string) => process.stderr.write(`${what}…\n`);

step('script sizes');
for (const r of await measureScriptSizes()) add(r.what, r.bytes, 'bytes gz', r.baseline, r.baselineBytes);

step('bytes on the wire (a 60 s scripted visit in Chromium)');
const server = await startTestServer();
const wire = await measureWireBytes(server, 60);
const minutes = wire.seconds / 60;
// Where the uploaded bytes went (body format, header vs events, per event kind): for reading, not a row.
process.stderr.write(`wire breakdown: ${JSON.stringify(wire.breakdown)}\n`);
add('uploaded per recorded minute', wire.uploadedBytes / minutes, 'bytes', 'raw rrweb JSON per minute', wire.rawJsonBytes / minutes);
const stored = (sqliteDb(server.store).prepare('SELECT sum(length(data)) AS n FROM chunks').get() as { n: number }).n;
add('stored in SQLite per recorded minute', stored / minutes, 'bytes', 'raw rrweb JSON per minute', wire.rawJsonBytes / minutes);
// What a periodic checkout (recorder/capture.ts, every 5 minutes) adds: the chunk holding the page's first full snapshot.
const checkout = (sqliteDb(server.store).prepare('SELECT length(data) AS n FROM chunks WHERE full_snapshot = 1 ORDER BY received_at LIMIT 1').get() as { n: number } | undefined)?.n ?? 0;
add('checkouts every 5 min (full snapshot chunk / 5), per minute', checkout / 5, 'bytes', 'uploaded per recorded minute', wire.uploadedBytes / minutes);

step('erasing a visitor with 100 sessions');
const body = (s: number, seq: number) => JSON.stringify({ site: 'demo', visitor: 'bench-visitor', session: `bench-session-${s}`, seq, events: Array.from({ length: 50 }, (_, i) => ({ type: 3, timestamp: Date.now() + i, data: { source: 1, positions: [{ x: i, y: s, id: 1, timeOffset: 0 }] } })) });
for (let s = 0; s < 100; s++) for (let seq = 0; seq < 5; seq++) await fetch(server.url + '/api/v1/ingest', { method: 'POST', body: body(s, seq) });
const demo = (await server.store.sites.siteByKey('demo'))!;
let t = performance.now();
await server.store.erasure.eraseVisitor(demo.id, 'bench-visitor');
add('erase a visitor with 100 sessions (500 chunks)', performance.now() - t, 'ms', 'goal', 1000);
await server.close();

step('main-thread cost on a mutation-heavy page (3 runs per mode, medians)');
const world = await createWorld();
const [alone, stub, rrweb, einblick] = await measureMainThread(world.browser, world.site, world.siteKey, 3);
step('recorder work per task on that page (Chromium trace with V8 sampling, 3 runs per mode, medians)');
const [rrwebTasks, einblickTasks] = await measureRecorderTasks(world.browser, world.site, world.siteKey, 3);
await world.close();
add('main thread added by the stub before consent', stub!.taskMs - alone!.taskMs, 'ms TaskDuration', 'the page alone', alone!.taskMs);
add('main thread added by Einblick recording (strict masking)', einblick!.taskMs - alone!.taskMs, 'ms TaskDuration', 'added by plain @rrweb/record', rrweb!.taskMs - alone!.taskMs);
add('heap added by Einblick recording', einblick!.heapMb, 'MB', 'heap added by plain @rrweb/record', rrweb!.heapMb);
// Each re-render of the 1,000-row table (10,000 changed nodes) is one task: the page's own rendering and the recorder's work on it.
add('longest task, Einblick recording (page rendering included)', einblick!.longestTaskMs, 'ms', 'the page alone', alone!.longestTaskMs);
add('longest task, plain @rrweb/record (page rendering included)', rrweb!.longestTaskMs, 'ms', 'the page alone', alone!.longestTaskMs);
// The recorder's own work inside one task, the page's rendering not counted (bench/recorder-tasks.ts says how; traced runs, so slower than the rows above).
add('longest recorder work in one task, Einblick recording', einblickTasks!.longestMs, 'ms', 'plain @rrweb/record', rrwebTasks!.longestMs);
add('longest recorder work in one task, Einblick recording', einblickTasks!.longestMs, 'ms', 'goal', 50);
add('tasks with over 50 ms of recorder work, Einblick recording', einblickTasks!.over50, 'tasks', 'plain @rrweb/record', rrwebTasks!.over50);

step('replay start of a 60-minute session in Chromium (3 runs, medians)');
const replay = await measureReplayStart(3, 5);
add(`replay: first rendered frame, 60 min session (${(replay.streamBytes / 2 ** 20).toFixed(1)} MB of events)`, replay.firstFrameMs, 'ms', 'whole event stream loaded first', replay.baselineFirstFrameMs);
add('replay: slowest of 3 far seeks, right after the first frame', replay.seekMs, 'ms', 'whole event stream loaded first', replay.baselineSeekMs);
add('replay: first rendered frame, opened again with the browser cache kept', replay.warmFirstFrameMs, 'ms', 'whole event stream loaded first, cache kept', replay.baselineWarmFirstFrameMs);

step('captured assets: 5-page visit (shared sheet, @import, 2 fonts, 4 images, a hero per page) by 50 visitors');
const assets = await measureAssetDedup(50);
add("captured asset bytes the 2nd visitor of the same pages adds", assets.secondAdded, 'bytes', "the 1st visitor's asset bytes (goal: under 5 %)", assets.firstBytes);
add(`captured asset bytes per session, ${assets.visitors} visitors, deduplicated`, assets.totalBytes / assets.visitors, 'bytes', 'per session without deduplication', assets.firstBytes);

step('replay first frame of a CDN-styled page, captured assets vs loaded live (5 runs, medians)');
const assetStart = await measureReplayAssetsStart(5);
add('replay: first styled frame, assets captured by Einblick', assetStart.capturedMs, 'ms', 'the same viewer loading them live from the CDN (both local)', assetStart.liveMs);

step('heatmap over 1,000,000 clicks');
const heat = measureHeatmap();
add('heatmap, 1M clicks: grid + separable blur', heat.gridBlurMs, 'ms', 'a kernel stamped per click', heat.stampEachMs);

step('heatmap over 1,000,000 stored clicks (written through the store first, about a minute)');
const query = await measureHeatmapQuery();
const storedClicks = `${(query.clicks / 1e6).toFixed(1)}M stored clicks, ${Math.round(query.pageViews / 1000)}k page views`;
add(`heatmap JSON over ${storedClicks}, from the hourly counters`, query.jsonMs, 'ms', 'a plain GROUP BY of the cells, no index', query.plainGroupByMs);
add(`heatmap JSON over ${storedClicks}, from the hourly counters`, query.jsonMs, 'ms', 'goal', 50);
add(`heatmap JSON over ${storedClicks}, its first read (each ended day summed from its hours, once)`, query.jsonFirstMs, 'ms', 'a plain GROUP BY of the cells, no index', query.plainGroupByMs);
add(`heatmap JSON over ${storedClicks}, grouped from the clicks (12 px cells, which the counters cannot make)`, query.rawJsonMs, 'ms', 'a plain GROUP BY of the cells, no index', query.plainGroupByMs);
add(`heatmap JSON over those clicks for a survey segment (${query.segmentSessions} detractors' sessions of ${query.pageViews / 10})`, query.segmentJsonMs, 'ms', 'a plain GROUP BY of the cells, no index', query.plainGroupByMs);
add('heatmap PNG over those clicks (1280×5000, page outline)', query.pngMs, 'ms', 'goal', 250);
add('scroll map JSON over those page views', query.scrollMs, 'ms', 'goal', 50);

step('sessions list filters over 1,000,000 stored sessions (bulk-loaded first, several minutes; 15 runs each)');
const filters = await measureSessionFilters();
for (const r of filters.rows) add(`sessions list over 1M sessions, ${r.what}: p95 (median ${r.medianMs.toFixed(1)} ms, next page ${r.nextMedianMs.toFixed(1)} ms)`, r.p95Ms, 'ms', 'goal', 50);

step('ingest throughput (server in its own process, 50 sessions, 10 KB chunks, 5 s each)');
const dataDir = mkdtempSync(path.join(tmpdir(), 'einblick-bench-'));
const child = await startChildServer({ port: await freePort(), dataDir, adminToken: 'bench-admin-token-00000', extraEnv: { EINBLICK_BENCH_NOOP: '1', EINBLICK_RATE_PER_CLIENT: '100000', EINBLICK_RATE_PER_SITE: '100000' } });
const load = (p: string, format: 'compact' | 'json') => runLoad({ url: child.url, site: 'demo', sessions: 50, chunkBytes: 10_000, durationMs: 5000, path: p, format });
const noop = await load('/bench/noop', 'compact');
const compact = await load('/api/v1/ingest', 'compact');
const json = await load('/api/v1/ingest', 'json');
await child.stop();
rmSync(dataDir, { recursive: true, force: true });
const perSecond = (r: typeof noop) => r.ackedCount / (r.elapsedMs / 1000);
add('ingest, compact format', perSecond(compact), 'chunks/s', 'no-op route, same server', perSecond(noop));
add('ingest, gzip(JSON) format', perSecond(json), 'chunks/s', 'no-op route, same server', perSecond(noop));

step('ingest with 10 clicks a chunk (heatmap counters kept in the same transaction), 3 alternating rounds');
const clicky = await measureIngestClicks();
add(`ingest, compact format, ${clicky.clicksPerChunk} clicks a chunk`, clicky.compactClicks, 'chunks/s', 'no-op route, same server', clicky.noop);
add(`ingest, compact format, ${clicky.clicksPerChunk} clicks a chunk`, clicky.compactClicks, 'chunks/s', 'the same without clicks', clicky.compact);

step('a cheap GET while one client sends costly ingest bodies at the default rate (20/s), against benign ones of the same sizes, 8 s each');
const hostile = await measureHostileIngest(8);
process.stderr.write(`answers to the costly bodies: ${JSON.stringify(hostile.hostileAnswers)}, to the benign ones: ${JSON.stringify(hostile.benignAnswers)}\n`);
add('p99 of a cheap GET (/healthz) while costly ingest bodies arrive at 20/s', hostile.hostileP99, 'ms', 'the same with benign bodies of the same sizes', hostile.benignP99);

const machine = `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB`;
console.log(`\nBenchmarks, ${new Date().toISOString().slice(0, 10)}, ${machine}\n`);
console.log('| figure | value | baseline (same run) | ratio |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.figure} | ${r.value} ${r.unit} | ${r.baseline}: ${r.baselineValue} | ${r.ratio} |`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results.json', JSON.stringify({ date: new Date().toISOString(), machine, rows }, null, 2) + '\n');
