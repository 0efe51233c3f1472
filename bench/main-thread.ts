// Main-thread cost on a mutation-heavy page in real Chromium (CDP Performance metrics):
// the page alone, with Einblick's stub before consent, with plain @rrweb/record on its
// default options, and with Einblick recording (strict masking) after consent.
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import type { FixtureSite } from '../test/helpers/fixture-site.ts';
import { recorderShares } from './recorder-tasks.ts';

export interface ThreadCost { label: string; taskMs: number; scriptMs: number; heapMb: number; /** The longest task during the workload (the page's own rendering included). */ longestTaskMs: number }

async function plainRrwebScript(): Promise<string> {
  const out = await build({
    stdin: { contents: `import { record } from '@rrweb/record'; (window as any).__events = []; record({ emit: (e) => (window as any).__events.push(e) });`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true, minify: true, format: 'iife', write: false, logLevel: 'silent',
  });
  // Named, so the CPU profile can tell its frames from the page's (measureRecorderTasks).
  return out.outputFiles[0]!.text + `\n//# sourceURL=${PLAIN_RRWEB_URL}`;
}

const PLAIN_RRWEB_URL = 'plain-rrweb.js';

type Mode = 'page alone' | 'Einblick stub, no consent' | 'plain @rrweb/record' | 'Einblick recording';

/** The fixture page open in a fresh profile, recording (or not) as the mode says, before the workload. */
async function open(browser: Browser, site: FixtureSite, siteKey: string, mode: Mode, rrweb: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  if (mode === 'page alone' || mode === 'plain @rrweb/record') await page.route('**/einblick.js', (r) => r.abort());
  await page.goto(site.page('mutations', { site: siteKey }));
  if (mode === 'plain @rrweb/record') await page.addScriptTag({ content: rrweb });
  if (mode === 'Einblick recording') {
    await page.waitForFunction(() => 'einblick' in window);
    await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
    await page.waitForFunction(() => '__einblickBoot' in window && document.readyState === 'complete');
    await page.waitForTimeout(1000);
  }
  return { context, page };
}

async function measure(browser: Browser, site: FixtureSite, siteKey: string, mode: Mode, rrweb: string): Promise<ThreadCost> {
  const { context, page } = await open(browser, site, siteKey, mode, rrweb);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
  // Heap is read after a full GC, so it counts what stays alive, not garbage not yet collected.
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return ((await metrics()).JSHeapUsedSize ?? 0) / 2 ** 20;
  };
  const heapBefore = await heapMb();
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (w.__longest = Math.max(w.__longest, e.duration)))).observe({ type: 'longtask' });
  });
  const before = await metrics();
  await page.evaluate(() => (window as unknown as { runWorkload(): Promise<void> }).runWorkload());
  await page.waitForTimeout(500); // let the recorder's deferred work land inside the measurement
  const after = await metrics();
  const longestTaskMs = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  const heapAfter = await heapMb();
  await context.close();
  return {
    label: mode,
    taskMs: (after.TaskDuration! - before.TaskDuration!) * 1000,
    scriptMs: (after.ScriptDuration! - before.ScriptDuration!) * 1000,
    heapMb: heapAfter - heapBefore,
    longestTaskMs,
  };
}

/** Median of `runs` runs per mode, modes interleaved so machine noise spreads evenly. */
export async function measureMainThread(browser: Browser, site: FixtureSite, siteKey: string, runs = 3): Promise<ThreadCost[]> {
  const rrweb = await plainRrwebScript();
  const modes: Mode[] = ['page alone', 'Einblick stub, no consent', 'plain @rrweb/record', 'Einblick recording'];
  const results = new Map<Mode, ThreadCost[]>(modes.map((m) => [m, []]));
  for (let i = 0; i < runs; i++) for (const m of modes) results.get(m)!.push(await measure(browser, site, siteKey, m, rrweb));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return modes.map((m) => {
    const r = results.get(m)!;
    return { label: m, taskMs: median(r.map((x) => x.taskMs)), scriptMs: median(r.map((x) => x.scriptMs)), heapMb: median(r.map((x) => x.heapMb)), longestTaskMs: median(r.map((x) => x.longestTaskMs)) };
  });
}

export interface RecorderTasks { label: string; /** The most recorder work inside one task (recorder-tasks.ts). */ longestMs: number; /** Tasks in which the recorder worked over 50 ms. */ over50: number }

/**
 * The recorder's own work per task during the workload, plain @rrweb/record against
 * Einblick, from a Chromium trace with V8's sampling profiler (recorder-tasks.ts says
 * how it is attributed). Separate runs from measureMainThread: tracing slows everything
 * down, so these figures are only compared with each other. Medians of `runs`, interleaved.
 */
export async function measureRecorderTasks(browser: Browser, site: FixtureSite, siteKey: string, runs = 3): Promise<RecorderTasks[]> {
  const rrweb = await plainRrwebScript();
  const modes = [
    { mode: 'plain @rrweb/record' as const, isRecorder: (url: string) => url.endsWith(PLAIN_RRWEB_URL) },
    { mode: 'Einblick recording' as const, isRecorder: (url: string) => url.endsWith('/einblick-recorder.js') },
  ];
  const results = modes.map(() => [] as { longestMs: number; over50: number }[]);
  for (let i = 0; i < runs; i++)
    for (const [m, { mode, isRecorder }] of modes.entries()) {
      const { context, page } = await open(browser, site, siteKey, mode, rrweb);
      await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-v8.cpu_profiler'] });
      await page.evaluate(() => (window as unknown as { runWorkload(): Promise<void> }).runWorkload());
      // Past the storm breaker's quiet time and one upload (every 5 s), so their work is counted too.
      await page.waitForTimeout(5500);
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: Parameters<typeof recorderShares>[0] };
      await context.close();
      const shares = recorderShares(trace.traceEvents, isRecorder).map((t) => t.recorderMs);
      results[m]!.push({ longestMs: Math.max(0, ...shares), over50: shares.filter((ms) => ms > 50).length });
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return modes.map(({ mode }, m) => ({ label: mode, longestMs: median(results[m]!.map((r) => r.longestMs)), over50: median(results[m]!.map((r) => r.over50)) }));
}
