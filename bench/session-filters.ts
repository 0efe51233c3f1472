// The sessions list's filters over 1,000,000 stored sessions (90 days, two sites; pages,
// clicks with rage and dead ones, tracked events, tags, survey answers, identified
// visitors in realistic shares), each filter alone, a few together, and each sort:
// medians and p95 of repeated reads of a first page (50 rows) and of a next page by cursor,
// through the store's own list (what GET /api/v1/sessions calls). Goal: under 50 ms each.
// The rows are written by a bulk loader here in one transaction (through the store's
// ingest path, a million sessions would take most of an hour on this machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type SqliteStore, type Store } from '../server/store/index.ts';
import type { SessionFilter } from '../server/store/sessions.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 8, 1);
const PATHS = Array.from({ length: 60 }, (_, i) => (i === 0 ? '/' : i < 10 ? ['/pricing', '/checkout', '/cart', '/login', '/signup', '/search', '/help', '/account', '/blog'][i - 1]! : `/product/${i}`));
const SELECTORS = Array.from({ length: 300 }, (_, i) => (i === 0 ? 'button#buy' : i === 1 ? 'a.nav-pricing' : `div.card:nth-child(${i}) > a`));
const EVENTS = ['add-to-cart', 'signup', 'search', 'checkout-started', 'checkout-failed', 'coupon-applied', 'video-played', 'newsletter', 'chat-opened', 'export-pdf'];
const TAGS = ['bug', 'confusing-pricing', 'vip', 'follow-up', 'slow-page', 'payment', 'mobile-layout', 'churn-risk'];
const BROWSERS: [string, string, number][] = [['Chrome', '131', 0.3], ['Chrome', '130', 0.2], ['Chrome', '129', 0.1], ['Safari', '18', 0.12], ['Safari', '17', 0.06], ['Edge', '131', 0.08], ['Firefox', '133', 0.06], ['Samsung Internet', '26', 0.05], ['Opera', '114', 0.03]];
const OSES: [string, string, number][] = [['Windows', '10', 0.3], ['Windows', '11', 0.12], ['macOS', '10', 0.14], ['iOS', '18', 0.18], ['Android', '14', 0.2], ['Linux', '', 0.06]];

/** A small deterministic generator, so every run stores the same sessions. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s + 0x6d2b79f5) >>> 0), (((s ^ (s >>> 15)) * (s | 1)) >>> 0) / 4_294_967_296);
}

const pick = <T>(r: number, table: [string, string, number][], f: (n: string, v: string) => T): T => {
  let acc = 0;
  for (const [n, v, share] of table) if (r < (acc += share)) return f(n, v);
  return f(table[0]![0], table[0]![1]);
};
/** Zipf-like: index 0 most often. */
const zipf = (r: number, n: number) => Math.min(n - 1, Math.floor(n ** r) - 1);

export async function loadSessions(store: SqliteStore, count: number): Promise<void> {
  const db = store.db;
  const sites = [await store.sites.createSite('bench-shop', { name: 'Shop', origins: ['https://shop.example'], privacy: 'strict', retentionDays: 365 }), await store.sites.createSite('bench-blog', { name: 'Blog', origins: ['https://blog.example'], privacy: 'strict', retentionDays: 365 })];
  await store.surveys.createSurvey('survey-bench-nps', sites[0]!.id, { kind: 'nps', question: { en: 'Recommend?', de: 'Empfehlen?' }, comment: null, trigger: {}, capDays: 30, sample: 1 });
  const session = db.prepare(`INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at, entry_url, page_count, click_count, device, viewport_w, viewport_h,
    chunk_count, max_seq, duration, rage_count, dead_count, answered, identified, browser, browser_major, os, os_major)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const pageView = db.prepare(`INSERT INTO page_views (session_id, pv, site_id, url, page, ts, viewport_w, viewport_h, doc_w, doc_h, device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const click = db.prepare(`INSERT INTO clicks (session_id, pv, site_id, page, device, ts, x, y, selector, offset_x, offset_y, rage, dead, sample) VALUES (?, ?, ?, ?, ?, ?, 10, 10, ?, 50, 50, ?, ?, ?)`);
  const event = db.prepare('INSERT OR IGNORE INTO session_events (session_id, site_id, name) VALUES (?, ?, ?)');
  const tag = db.prepare('INSERT OR IGNORE INTO session_tags (session_id, site_id, tag) VALUES (?, ?, ?)');
  const answer = db.prepare(`INSERT INTO survey_answers (id, survey_id, site_id, visitor_id, session_id, score, url, page, device, ts, received_at) VALUES (?, 'survey-bench-nps', ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const visitor = db.prepare('INSERT OR IGNORE INTO visitors (site_id, id, first_seen, last_seen, external_hash) VALUES (?, ?, ?, ?, ?)');
  const r = random(16);
  // Inserting a million rows into a dozen indexes thrashes the server's 32 MB page cache:
  // the load gets 2 GB, and the timings run with the server's own setting again.
  const cache = db.pragma('cache_size', { simple: true });
  db.pragma('cache_size = -2000000');
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const siteId = sites[r() < 0.9 ? 0 : 1]!.id;
      const startedAt = T0 + Math.floor((i / count) * 90 * DAY);
      const id = `s${String(i).padStart(7, '0')}${Math.floor(r() * 1e6).toString(36)}`;
      const visitorId = `v${Math.floor(r() * count * 0.6)}`;
      // Durations: a long tail, from 3 s to 20 min, median 1 min.
      const duration = Math.floor(Math.exp(11 + 2 * (r() + r() + r() - 1.5)));
      const device = r() < 0.55 ? 'desktop' : r() < 0.85 ? 'mobile' : 'tablet';
      const [vw, vh] = device === 'desktop' ? [1440, 900] : device === 'mobile' ? [390, 844] : [820, 1180];
      const pages = 1 + Math.floor(-Math.log(1 - r()) * 1.5);
      const urls = Array.from({ length: pages }, () => `https://shop.example${PATHS[zipf(r(), PATHS.length)]}`);
      const raging = r() < 0.04;
      const deadening = r() < 0.09;
      let clicks = Math.floor(-Math.log(1 - r()) * 3);
      if (raging) clicks += 3;
      const clickRows = Array.from({ length: clicks }, (_, k) => ({
        pv: k % pages, rage: raging && k >= clicks - 3 ? 1 : 0, dead: deadening && k === 0 ? 1 : 0, selector: SELECTORS[zipf(r(), SELECTORS.length)]!,
      }));
      const rage = clickRows.reduce((n, c) => n + c.rage, 0);
      const dead = clickRows.reduce((n, c) => n + c.dead, 0);
      const answered = siteId === sites[0]!.id && r() < 0.02 ? 1 : 0;
      const identified = r() < 0.12 ? 1 : 0;
      const [browser, browserMajor] = pick(r(), BROWSERS, (n, v) => [n, v]);
      const [os, osMajor] = pick(r(), OSES, (n, v) => [n, v]);
      session.run(id, siteId, visitorId, startedAt, startedAt + duration, urls[0], pages, clicks, device, vw, vh, duration, rage, dead, answered, identified, browser, browserMajor, os, osMajor);
      for (let pv = 0; pv < pages; pv++) pageView.run(id, pv, siteId, urls[pv], urls[pv], startedAt + pv * 1000, vw, vh, vw, 3000, device);
      clickRows.forEach((c, k) => click.run(id, c.pv, siteId, urls[c.pv], device, startedAt + k * 500, c.selector, c.rage, c.dead, Math.floor(r() * 2 ** 31)));
      if (r() < 0.35) event.run(id, siteId, EVENTS[zipf(r(), EVENTS.length)]);
      if (r() < 0.02) tag.run(id, siteId, TAGS[zipf(r(), TAGS.length)]);
      if (answered) answer.run(`a-${id}`, siteId, visitorId, id, Math.floor(r() * 11), urls[0], urls[0], device, startedAt, startedAt);
      visitor.run(siteId, visitorId, startedAt, startedAt + duration, identified ? `hash-${visitorId}` : null);
    }
  })();
  db.pragma(`cache_size = ${cache}`);
}

export interface FilterTiming { what: string; matches: string; medianMs: number; p95Ms: number; nextMedianMs: number }

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

export const FILTERS: [string, Omit<SessionFilter, 'limit' | 'siteId'>][] = [
  ['none (newest first)', {}],
  ['rage=1', { rage: true }],
  ['dead=1', { dead: true }],
  ['event=checkout-failed', { event: 'checkout-failed' }],
  ['event=export-pdf (none stored)', { event: 'export-pdf' }],
  ['clicked=button#buy', { clicked: 'button#buy' }],
  ['clicked=a selector never clicked', { clicked: 'div.card:nth-child(299) > a' }],
  ['clicked=button#buy&url=/checkout', { clicked: 'button#buy', url: '/checkout' }],
  ['tag=bug', { tag: 'bug' }],
  ['tag=mobile-layout (rare)', { tag: 'mobile-layout' }],
  ['tag=never-used', { tag: 'never-used' }],
  ['browser=Chrome', { browser: 'Chrome' }],
  ['browser=Opera 114', { browser: 'Opera 114' }],
  ['os=Linux', { os: 'Linux' }],
  ['maxDuration=10000', { maxDuration: 10_000 }],
  ['minDuration=600000', { minDuration: 600_000 }],
  ['identified=1', { identified: true }],
  ['answered=1', { answered: true }],
  ['url=/help', { url: '/help' }],
  ['sort=-duration', { sort: '-duration' }],
  ['sort=duration', { sort: 'duration' }],
  ['sort=-clicks', { sort: '-clicks' }],
  ['sort=-rage', { sort: '-rage' }],
  ['sort=startedAt', { sort: 'startedAt' }],
  ['rage=1&sort=-duration', { rage: true, sort: '-duration' }],
  ['rage=1&browser=Safari&device=mobile', { rage: true, browser: 'Safari', device: 'mobile' }],
  ['dead=1&event=checkout-failed&sort=-clicks', { dead: true, event: 'checkout-failed', sort: '-clicks' }],
  ['tag=bug&rage=1', { tag: 'bug', rage: true }],
  ['answered=1&identified=1&os=iOS', { answered: true, identified: true, os: 'iOS' }],
  ['clicked=button#buy&rage=1&sort=-rage', { clicked: 'button#buy', rage: true, sort: '-rage' }],
  ['from/to one week&rage=1&maxDuration=60000', { from: T0 + 30 * DAY, to: T0 + 37 * DAY, rage: true, maxDuration: 60_000 }],
];

export async function timeFilters(store: Store, runs = 15, only?: string): Promise<FilterTiming[]> {
  const siteId = (await store.sites.siteByKey('bench-shop'))!.id;
  const out: FilterTiming[] = [];
  for (const [what, f] of FILTERS) {
    if (only && !what.includes(only)) continue;
    const first: number[] = [];
    const next: number[] = [];
    let found = 0;
    let more = false;
    for (let i = 0; i <= runs; i++) {
      let t = performance.now();
      const page = await store.sessions.listSessions({ ...f, siteId, limit: 50 });
      const ms = performance.now() - t;
      found = page.sessions.length;
      more = page.next !== null;
      if (page.next) {
        t = performance.now();
        await store.sessions.listSessions({ ...f, siteId, limit: 50, after: page.next });
        if (i > 0) next.push(performance.now() - t);
      }
      if (i > 0) first.push(ms); // the first run warms the page cache
    }
    out.push({ what, matches: more ? `${found}+` : String(found), medianMs: quantile(first, 0.5), p95Ms: quantile(first, 0.95), nextMedianMs: next.length ? quantile(next, 0.5) : 0 });
  }
  return out;
}

export async function measureSessionFilters(count = 1_000_000, runs = 15, only?: string): Promise<{ count: number; loadSeconds: number; rows: FilterTiming[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'einblick-filters-'));
  const store = openStore(path.join(dir, 'bench.sqlite'));
  try {
    const t = performance.now();
    await loadSessions(store, count);
    const loadSeconds = (performance.now() - t) / 1000;
    return { count, loadSeconds, rows: await timeFilters(store, runs, only) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { count, loadSeconds, rows } = await measureSessionFilters(Number(process.argv[2] ?? 1_000_000), 15, process.argv[3]);
  console.log(`${count.toLocaleString('en')} sessions loaded in ${loadSeconds.toFixed(0)} s\n`);
  console.log('| filter (site=bench-shop, limit 50) | rows | median | p95 | next page (median) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.matches} | ${r.medianMs.toFixed(1)} ms | ${r.p95Ms.toFixed(1)} ms | ${r.nextMedianMs.toFixed(1)} ms |`);
}
