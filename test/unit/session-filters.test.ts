// The sessions list's filters and sorts, against an in-memory store filled through
// ingest's own write path: every filter, every sort in both directions, paged by
// cursor a few rows at a time, must give exactly the rows a plain reading of the
// sessions gives, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../server/store/db.ts';
import { createStore, type SqliteStore } from '../../server/store/index.ts';
import type { ChunkWrite } from '../../server/store/chunks.ts';
import { sessionsStore } from '../../server/store/sessions.ts';
import type { SessionFilter } from '../../server/store/sessions.ts';
import type { SessionSort, SessionSummary } from '../../contract/schemas/index.ts';

const T0 = Date.UTC(2026, 10, 1);
const BROWSERS = [['Chrome', '120'], ['Chrome', '119'], ['Firefox', '121'], ['Safari', '17']] as const;
const OSES = [['Windows', '10'], ['macOS', '14'], ['iOS', '17'], ['Linux', '']] as const;

interface Truth { id: string; startedAt: number; duration: number; clicks: number; rage: number; dead: number; events: string[]; selectors: string[]; urls: string[]; browser: string; os: string; identified: boolean; answered: boolean; tags: string[] }

async function fill(): Promise<{ store: SqliteStore; truth: Truth[]; siteId: number }> {
  const store = createStore(openDatabase(':memory:'));
  const site = await store.sites.createSite('shop', { name: 'Shop', origins: ['https://shop.example'], privacy: 'strict', retentionDays: 90 });
  await store.surveys.createSurvey('survey-nps-1', site.id, { kind: 'nps', question: { en: 'Q', de: 'F' }, comment: null, trigger: {}, capDays: 30, sample: 1 });
  const truth: Truth[] = [];
  for (let i = 0; i < 41; i++) {
    const id = `session-${String(i).padStart(3, '0')}`;
    // Some sessions share a start and a duration, so ties must be broken by id across pages.
    const startedAt = T0 + Math.floor(i / 3) * 60_000;
    const duration = (i * 7919) % 11 * 1000;
    const [browser, browserMajor] = BROWSERS[i % 4]!;
    const [os, osMajor] = OSES[(i >> 1) % 4]!;
    const urls = [`https://shop.example/${i % 2 ? 'pricing' : 'home'}`, ...(i % 5 === 0 ? ['https://shop.example/checkout'] : [])];
    const clicks = Array.from({ length: i % 6 }, (_, k) => ({
      pv: k % urls.length, ts: startedAt + k, x: 1, y: 1, selector: k === 1 ? 'button#buy' : `a.link${k}`, offsetX: 0, offsetY: 0,
      rage: i % 7 === 0 && k > 0, dead: i % 4 === 1 && k === 0,
    }));
    const events = i % 3 === 0 ? ['signup'] : i % 3 === 1 ? ['signup', 'checkout-failed'] : [];
    const w: ChunkWrite = {
      siteId: site.id, eventCount: 1, data: Buffer.from('x'), hash: Buffer.from(id), firstTs: startedAt, lastTs: startedAt + duration,
      fullSnapshot: true, externalHash: i % 4 === 2 ? `hash-${i}` : null, consent: null, receivedAt: startedAt,
      platform: { browser, browserMajor, os, osMajor },
      chunk: {
        site: 'shop', visitor: `visitor-${i}`, session: id, seq: 0, clicks, scroll: [],
        pages: urls.map((url, pv) => ({ pv, url, ts: startedAt, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 2000 })),
        ...(events.length ? { tracks: events } : {}),
      },
    };
    assert.deepEqual(await store.chunks.writeChunks([w]), ['started']);
    const answered = i % 5 === 3;
    if (answered) {
      await store.surveys.storeAnswer({ id: `answer-${i}`, surveyId: 'survey-nps-1', siteId: site.id, visitor: `visitor-${i}`, session: id, score: i % 10, comment: null, url: urls[0]!, page: urls[0]!, device: 'desktop', ts: startedAt, receivedAt: startedAt, webhookDueAt: null });
    }
    const tags = i % 4 === 3 ? ['bug', 'pricing'] : i % 6 === 0 ? ['bug'] : [];
    if (tags.length) await store.tags.setTags(id, tags);
    truth.push({
      id, startedAt, duration, clicks: clicks.length, rage: clicks.filter((c) => c.rage).length, dead: clicks.filter((c) => c.dead).length,
      events, selectors: clicks.map((c) => `${c.selector}@${urls[c.pv]}`), urls, browser: `${browser} ${browserMajor}`, os: osMajor ? `${os} ${osMajor}` : os,
      identified: i % 4 === 2, answered, tags,
    });
  }
  return { store, truth, siteId: site.id };
}

const { store, truth, siteId } = await fill();
// The same list read both ways session-plan.ts may choose: walking an index in sort order, and fetching a filter's few rows then sorting.
const walking = sessionsStore(store.db, { driveAt: 0 });
const driving = sessionsStore(store.db, { driveAt: 1e9 });

/** Every row the list gives, page after page of `limit`, the same whichever way it is read. */
function everyPage(f: Omit<SessionFilter, 'limit' | 'after'>, limit = 4): SessionSummary[] {
  const walked = pages(walking, f, limit);
  assert.deepEqual(pages(driving, f, limit).map((s) => s.id), walked.map((s) => s.id), 'driven by the rarest filter, the same rows');
  return walked;
}

function pages(list: ReturnType<typeof sessionsStore>, f: Omit<SessionFilter, 'limit' | 'after'>, limit: number): SessionSummary[] {
  const rows: SessionSummary[] = [];
  let after: SessionFilter['after'];
  for (let pages = 0; pages < 100; pages++) {
    const { sessions, next } = list.listSessions({ ...f, siteId, limit, ...(after ? { after } : {}) });
    rows.push(...sessions);
    if (!next) return rows;
    after = next;
  }
  throw new Error('the cursor never ended');
}

const KEY = { startedAt: (t: Truth) => t.startedAt, duration: (t: Truth) => t.duration, clicks: (t: Truth) => t.clicks, rage: (t: Truth) => t.rage } as const;

function expected(keep: (t: Truth) => boolean, sort: SessionSort = '-startedAt'): string[] {
  const desc = sort.startsWith('-');
  const key = KEY[(desc ? sort.slice(1) : sort) as keyof typeof KEY];
  return truth
    .filter(keep)
    .sort((a, b) => (desc ? key(b) - key(a) || (a.id < b.id ? -1 : 1) : key(a) - key(b) || (a.id < b.id ? 1 : -1)))
    .map((t) => t.id);
}

const cases: [string, Omit<SessionFilter, 'limit' | 'after' | 'siteId'>, (t: Truth) => boolean][] = [
  ['rage clicks', { rage: true }, (t) => t.rage > 0],
  ['dead clicks', { dead: true }, (t) => t.dead > 0],
  ['a tracked event', { event: 'checkout-failed' }, (t) => t.events.includes('checkout-failed')],
  ['a clicked selector', { clicked: 'button#buy' }, (t) => t.selectors.some((s) => s.startsWith('button#buy@'))],
  ['a clicked selector on a page', { clicked: 'button#buy', url: '/checkout' }, (t) => t.selectors.some((s) => s.startsWith('button#buy@') && s.includes('/checkout'))],
  ['a tag', { tag: 'pricing' }, (t) => t.tags.includes('pricing')],
  ['a browser family', { browser: 'Chrome' }, (t) => t.browser.startsWith('Chrome ')],
  ['a browser and major version', { browser: 'Chrome 119' }, (t) => t.browser === 'Chrome 119'],
  ['an OS', { os: 'iOS' }, (t) => t.os.startsWith('iOS')],
  ['at most a duration', { maxDuration: 4000 }, (t) => t.duration <= 4000],
  ['at least a duration', { minDuration: 6000 }, (t) => t.duration >= 6000],
  ['identified visitors', { identified: true }, (t) => t.identified],
  ['survey answers', { answered: true }, (t) => t.answered],
  ['a page URL', { url: '/checkout' }, (t) => t.urls.some((u) => u.includes('/checkout'))],
  ['rage and a tag together', { rage: true, tag: 'bug' }, (t) => t.rage > 0 && t.tags.includes('bug')],
  ['a tag, an event and a clicked selector together', { tag: 'bug', event: 'signup', clicked: 'button#buy' }, (t) => t.tags.includes('bug') && t.events.includes('signup') && t.selectors.some((s) => s.startsWith('button#buy@'))],
  ['browser, duration and answered together', { browser: 'Firefox', maxDuration: 8000, answered: true }, (t) => t.browser.startsWith('Firefox') && t.duration <= 8000 && t.answered],
];

for (const [what, filter, keep] of cases) {
  test(`the list keeps only sessions with ${what}, in every sort`, () => {
    assert.ok(expected(keep).length > 0 && expected(keep).length < truth.length, `the data has sessions with and without ${what}`);
    for (const sort of ['-startedAt', 'startedAt', '-duration', 'duration', '-clicks', 'clicks', '-rage', 'rage'] as const) {
      assert.deepEqual(everyPage({ ...filter, sort }).map((s) => s.id), expected(keep, sort), `${what}, sort=${sort}`);
    }
  });
}

test('every sort pages through all sessions exactly once, ties broken by id', () => {
  for (const sort of ['-startedAt', 'startedAt', '-duration', 'duration', '-clicks', 'clicks', '-rage', 'rage'] as const) {
    for (const limit of [1, 3, 50]) assert.deepEqual(everyPage({ sort }, limit).map((s) => s.id), expected(() => true, sort), `sort=${sort} limit=${limit}`);
  }
});

test('without a site, every sort still pages through every session of every site', async () => {
  for (const sort of ['-startedAt', 'duration', '-rage'] as const) {
    const all: string[] = [];
    let after: SessionFilter['after'];
    for (;;) {
      const { sessions, next } = await store.sessions.listSessions({ sort, rage: true, limit: 3, ...(after ? { after } : {}) });
      all.push(...sessions.map((s) => s.id));
      if (!next) break;
      after = next;
    }
    assert.deepEqual(all, expected((t) => t.rage > 0, sort), sort);
  }
});

test('summaries carry browser, OS, flags and tags, and never the User-Agent', async () => {
  const s = (await store.sessions.sessionSummary('session-003'))!;
  assert.equal(s.browser, 'Safari 17');
  assert.equal(s.os, 'macOS 14');
  assert.equal(s.answered, true);
  assert.deepEqual(s.tags, ['bug', 'pricing']);
  assert.equal((await store.sessions.sessionSummary('session-007'))!.os, 'Linux', 'no major version: the family alone');
  assert.equal((await store.sessions.sessionSummary('session-000'))!.rageClicks, 0);
  assert.equal((await store.sessions.sessionSummary('session-035'))!.rageClicks, 4);
  assert.deepEqual((await store.sessions.sessionDetail('session-001'))!.tracked, ['checkout-failed', 'signup']);
  const columns = (store.db.prepare('SELECT name FROM pragma_table_info(?)').all('sessions') as { name: string }[]).map((c) => c.name);
  assert.ok(!columns.some((c) => /agent/i.test(c)), 'no User-Agent column');
});

test('tags are replaced as a set, counted per site, and go with an erased session', async () => {
  const count = (tag: string) => truth.filter((t) => t.tags.includes(tag)).length;
  const before = [{ tag: 'bug', sessions: count('bug') }, { tag: 'pricing', sessions: count('pricing') }];
  assert.deepEqual(await store.tags.tagCounts(siteId), before);
  assert.deepEqual(await store.tags.setTags('session-040', ['later', 'bug', 'later']), ['bug', 'later']);
  assert.equal(await store.tags.setTags('no-such-session', ['x']), null);
  assert.deepEqual((await store.tags.tagCounts(siteId))[2], { tag: 'later', sessions: 1 });
  await store.erasure.eraseSession('session-040');
  assert.deepEqual(await store.tags.tagCounts(siteId), before);
  const left = store.db.prepare("SELECT count(*) AS n FROM session_events WHERE session_id = 'session-040'").get() as { n: number };
  assert.equal(left.n, 0, 'tracked names erased too');
});

test("identify() marks the visitor's earlier sessions identified too", async () => {
  const write = (session: string, seq: number, externalHash: string | null) =>
    store.chunks.writeChunks([{ siteId, eventCount: 1, data: Buffer.from('x'), hash: Buffer.from(session + seq), firstTs: T0, lastTs: T0, fullSnapshot: true, externalHash, consent: null, receivedAt: T0, chunk: { site: 'shop', visitor: 'visitor-later', session, seq, pages: [], clicks: [], scroll: [] } }]);
  await write('session-before', 0, null);
  assert.equal((await store.sessions.sessionSummary('session-before'))!.identified, false);
  await write('session-after', 0, 'hash-later');
  assert.equal((await store.sessions.sessionSummary('session-before'))!.identified, true);
  assert.equal((await store.sessions.sessionSummary('session-after'))!.identified, true);
});

test('an answer that arrives before the first chunk still marks the session answered', async () => {
  await store.surveys.storeAnswer({ id: 'early-answer', surveyId: 'survey-nps-1', siteId, visitor: 'visitor-early', session: 'session-early', score: 3, comment: null, url: 'https://shop.example/', page: 'https://shop.example/', device: 'desktop', ts: T0, receivedAt: T0, webhookDueAt: null });
  await store.chunks.writeChunks([{ siteId, eventCount: 1, data: Buffer.from('x'), hash: Buffer.from('e'), firstTs: T0, lastTs: T0, fullSnapshot: true, externalHash: null, consent: null, receivedAt: T0, chunk: { site: 'shop', visitor: 'visitor-early', session: 'session-early', seq: 0, pages: [], clicks: [], scroll: [] } }]);
  assert.equal((await store.sessions.sessionSummary('session-early'))!.answered, true);
});
