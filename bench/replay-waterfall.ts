// Where a replay's first frame goes: one cold open of the viewer on the bench's
// 60-minute synthetic session, as a waterfall from navigation start (resource timings,
// long tasks, when the player appears, when the first frame shows). A diagnostic for
// bench/replay-start.ts, not a benchmark row: node --import tsx bench/replay-waterfall.ts [runs]
import { ADMIN_TOKEN, startTestServer } from '../test/helpers/server.ts';
import { launchBrowser } from '../test/helpers/browser.ts';
import { clockText, storeSyntheticSession } from '../test/helpers/synthetic-session.ts';

const INSTRUMENT = () => {
  const w = window as unknown as { __marks: [string, number][]; __long: [number, number][] };
  w.__marks = [];
  w.__long = [];
  new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__long.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    if (!w.__marks.some(([m]) => m === 'shell rendered') && document.querySelector('nav, header')) w.__marks.push(['shell rendered', performance.now()]);
    if (!w.__marks.some(([m]) => m === 'rr-player in DOM') && document.querySelector('.rr-player')) w.__marks.push(['rr-player in DOM', performance.now()]);
  }).observe(document, { childList: true, subtree: true });
};

const runs = Number(process.argv[2] ?? 3);
const server = await startTestServer();
const session = await storeSyntheticSession(server.store, 'demo', { id: 'bench-replay-60min', minutes: 60, checkoutEveryMin: 5 });
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.request.post(server.url + '/api/v1/auth/login', { data: { token: ADMIN_TOKEN } });
await context.addInitScript(INSTRUMENT);
for (let i = 0; i <= runs; i++) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url().replace(server.url, '')));
  await page.goto(`${server.url}/viewer/sessions/${session.id}`, { waitUntil: 'commit' });
  const frame = await page
    .waitForFunction((want) => {
      const doc = document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument;
      return doc?.getElementById('clock')?.textContent === want ? performance.now() : false;
    }, clockText(0), { polling: 'raf', timeout: 60_000 })
    .then((h) => h.jsonValue() as Promise<number>);
  const data = await page.evaluate(() => {
    const w = window as unknown as { __marks: [string, number][]; __long: [number, number][] };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
      name: r.name.replace(location.origin, ''), start: r.startTime, reqStart: r.requestStart, resStart: r.responseStart, end: r.responseEnd, bytes: r.transferSize, body: r.decodedBodySize,
    }));
    return { nav: { resStart: nav.responseStart, end: nav.responseEnd, domInteractive: nav.domInteractive, dcl: nav.domContentLoadedEventEnd }, res, marks: w.__marks, long: w.__long };
  });
  await page.close();
  if (i === 0) continue; // warm-up (JIT, SQLite pages)
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(`\nrun ${i}: first frame at ${frame.toFixed(1)} ms`);
  console.log(`${f(0)} ${f(data.nav.resStart)} ${f(data.nav.end)}  HTML (domInteractive ${data.nav.domInteractive.toFixed(1)}, DCL end ${data.nav.dcl.toFixed(1)})`);
  for (const r of data.res) console.log(`${f(r.start)} ${f(r.resStart)} ${f(r.end)}  ${r.name.slice(0, 70)} (${r.bytes} B on the wire, ${r.body} B)`);
  const twice = requested.filter((u, k) => requested.indexOf(u) !== k);
  console.log(`${requested.length} requests${twice.length ? `; asked for twice: ${twice.join(' ')}` : ''}`);
  for (const [m, t] of data.marks) console.log(`${f(t)}          ${' '.repeat(7)}  mark: ${m}`);
  for (const [s, d] of data.long) console.log(`${f(s)} ${f(s + d)} ${' '.repeat(7)}  long task ${d.toFixed(1)} ms`);
}
await browser.close();
await server.close();
