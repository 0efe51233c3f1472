// The sessions list and a session's detail read the same from PostgreSQL as from SQLite:
// the same sessions stored in both, then every filter in every sort, paged by cursor a
// few rows at a time, must give the same rows, in the same order, with the same cursors
// (so a cursor one node handed out pages on at another); and a session's detail, chunk
// list and chunk bytes are the same.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pgSkipReason } from '../helpers/postgres.ts';
import { chunkWrite } from '../helpers/pg-ingest.ts';
import { twoBackends, type TwoBackends } from '../helpers/two-backends.ts';
import { pgSessionsStore } from '../../server/store/postgres/sessions.ts';
import { pgSurveysStore } from '../../server/store/postgres/surveys.ts';
import { pgTagsStore } from '../../server/store/postgres/tags.ts';
import type { SessionFilter, ListCursor } from '../../server/store/sessions.ts';
import type { ChunkWrite } from '../../server/store/chunks.ts';
import type { SessionSort, SessionSummary } from '../../contract/schemas/index.ts';

const skip = await pgSkipReason();
const T0 = Date.UTC(2026, 10, 1);
const BROWSERS = [['Chrome', '120'], ['Chrome', '119'], ['Firefox', '121'], ['Safari', '17']] as const;
const OSES = [['Windows', '10'], ['macOS', '14'], ['iOS', '17'], ['Linux', '']] as const;
const SORTS: SessionSort[] = ['startedAt', '-startedAt', 'duration', '-duration', 'clicks', '-clicks', 'rage', '-rage'];

let b: TwoBackends;
let pgSessions: ReturnType<typeof pgSessionsStore>;

/** What a session is made of, as a plain reading of it says which filters it passes. */
interface SessionSeed {
  id: string; siteId: number; visitor: string; startedAt: number; duration: number; mobile: boolean;
  browser: readonly [string, string]; os: readonly [string, string]; identified: boolean; urls: string[];
  clicks: { pv: number; ts: number; selector: string; rage: boolean; dead: boolean }[];
  events: string[]; tags: string[]; seqs: number[]; consent: boolean;
}

function seedOf(i: number, blogId: number): SessionSeed {
  const startedAt = T0 + Math.floor(i / 3) * 60_000;
  const urls = [`https://shop.example/${i % 2 ? 'pricing' : 'home'}?ref=${i}`, ...(i % 5 === 0 ? ['https://shop.example/checkout'] : [])];
  return {
    // Ids out of insertion order, with upper and lower case: ties are broken by the id's bytes on both.
    id: `${i % 3 === 0 ? 'S' : 's'}ession-${String((i * 17) % 45).padStart(3, '0')}`,
    siteId: i % 9 === 8 ? blogId : 1, visitor: `visitor-${i}`,
    // Some sessions share a start and a duration, so ties must be broken by id across pages.
    startedAt, duration: ((i * 7919) % 11) * 1000, mobile: i % 7 === 0,
    browser: BROWSERS[i % 4]!, os: OSES[(i >> 1) % 4]!, identified: i % 4 === 2, urls,
    clicks: Array.from({ length: i % 6 }, (_, k) => ({
      pv: k % urls.length, ts: startedAt + (k >> 1), selector: k === 1 ? 'button#buy' : `a.link${k}`, rage: i % 7 === 0 && k > 0, dead: i % 4 === 1 && k === 0,
    })),
    events: i % 3 === 0 ? ['signup'] : i % 3 === 1 ? ['signup', 'checkout-failed'] : [],
    tags: i % 4 === 3 ? ['pricing', 'Bug', 'bug'] : i % 6 === 0 ? ['bug'] : [],
    seqs: i % 10 === 4 ? [0, 1, 3, 6] : [0, 1],
    consent: i === 5,
  };
}

/** The session's chunks as ingest hands them to the store: pages, clicks and tracks in the first. */
function chunksOf(s: SessionSeed): ChunkWrite[] {
  const width = s.mobile ? 390 : 1280;
  return s.seqs.map((seq) => chunkWrite(s.siteId, {
    site: s.siteId === 1 ? 'shop' : 'blog', visitor: s.visitor, session: s.id, seq, scroll: [],
    pages: seq ? [] : s.urls.map((url, pv) => ({ pv, url, ts: s.startedAt, viewportWidth: width, viewportHeight: 800, docWidth: width, docHeight: 2000 })),
    clicks: seq ? [] : s.clicks.map((c) => ({ ...c, x: 10, y: 20, offsetX: 0.5, offsetY: 0.25 })),
    ...(seq === 0 && s.events.length ? { tracks: s.events } : {}),
  }, {
    firstTs: s.startedAt, lastTs: s.startedAt + s.duration, receivedAt: s.startedAt + seq,
    externalHash: s.identified ? 'ab'.repeat(32) : null,
    platform: { browser: s.browser[0], browserMajor: s.browser[1], os: s.os[0], osMajor: s.os[1] },
    consent: s.consent && seq === 0 ? { ts: s.startedAt, scopes: { replay: true, surveys: true }, mechanism: 'banner', version: '1', gpc: false, dnt: false } : null,
  }));
}

let seeds: SessionSeed[] = [];

before(async () => {
  if (skip) return;
  b = await twoBackends();
  const blogId = b.blogId;
  pgSessions = pgSessionsStore(b.postgres.pg);
  const pgSurveys = pgSurveysStore(b.postgres.pg);
  const pgTags = pgTagsStore(b.postgres.pg);
  seeds = Array.from({ length: 45 }, (_, i) => seedOf(i, blogId));
  for (const surveys of [b.sqlite.surveys, pgSurveys]) {
    await surveys.createSurvey('survey-nps-1', 1, { kind: 'nps', question: { en: 'Q', de: 'F' }, comment: null, trigger: {}, capDays: 30, sample: 1 }, T0);
  }
  for (const [i, s] of seeds.entries()) {
    const writes = chunksOf(s);
    const stored = await b.sqlite.chunks.writeChunks(writes);
    assert.deepEqual(await b.postgres.chunks.writeChunks(writes), stored);
    assert.equal(stored[0], 'started');
    if (s.tags.length) assert.deepEqual(await pgTags.setTags(s.id, s.tags), await b.sqlite.tags.setTags(s.id, s.tags));
    if (i % 5 === 3 && s.siteId === 1) {
      for (const surveys of [b.sqlite.surveys, pgSurveys]) {
        const outcome = await surveys.storeAnswer({
          id: `answer-${i}`, surveyId: 'survey-nps-1', siteId: 1, visitor: s.visitor, session: s.id, score: i % 10, comment: null,
          url: s.urls[0]!, page: s.urls[0]!, device: 'desktop', ts: s.startedAt + 5, receivedAt: s.startedAt + 5, webhookDueAt: null,
        });
        assert.equal(outcome, 'stored');
      }
    }
  }
});
after(async () => {
  if (!skip) await b.close();
});

type Lister = (f: SessionFilter) => Promise<{ sessions: SessionSummary[]; next: ListCursor | null }>;

/** Every page of the list, and the cursor each page ended with. */
async function pages(list: Lister, f: Omit<SessionFilter, 'limit' | 'after'>, limit: number) {
  const out: { ids: string[]; next: ListCursor | null }[] = [];
  const rows: SessionSummary[] = [];
  let after: ListCursor | undefined;
  for (let n = 0; n < 100; n++) {
    const { sessions, next } = await list({ ...f, limit, ...(after ? { after } : {}) });
    rows.push(...sessions);
    out.push({ ids: sessions.map((s) => s.id), next });
    if (!next) return { pages: out, rows };
    after = next;
  }
  throw new Error('the list never ended');
}

async function sameOnBoth(f: Omit<SessionFilter, 'limit' | 'after'>, limit = 4): Promise<SessionSummary[]> {
  const lite = await pages((x) => b.sqlite.sessions.listSessions(x), f, limit);
  const pg = await pages((x) => pgSessions.listSessions(x), f, limit);
  assert.deepEqual(pg.pages, lite.pages, `the same pages and cursors for ${JSON.stringify(f)}`);
  assert.deepEqual(pg.rows, lite.rows, `the same summaries for ${JSON.stringify(f)}`);
  return lite.rows;
}

/** A filter, and (where a plain reading of the seeds says which sessions it keeps) that reading. */
const FILTERS: [string, Omit<SessionFilter, 'limit' | 'after' | 'sort'>, ((s: SessionSeed) => boolean)?][] = [
  ['no filter', {}, () => true],
  ['a time range', { from: T0 + 120_000, to: T0 + 600_000 }, (s) => s.startedAt >= T0 + 120_000 && s.startedAt <= T0 + 600_000],
  ['a duration range', { minDuration: 2000, maxDuration: 7000 }, (s) => s.duration >= 2000 && s.duration <= 7000],
  ['a device', { device: 'mobile' }, (s) => s.mobile],
  ['a URL part', { url: 'pricing' }, (s) => s.urls.some((u) => u.includes('pricing'))],
  ['a page', { url: 'https://shop.example/checkout' }, (s) => s.urls.includes('https://shop.example/checkout')],
  ['rage clicks', { rage: true }, (s) => s.clicks.some((c) => c.rage)],
  ['dead clicks', { dead: true }, (s) => s.clicks.some((c) => c.dead)],
  ['identified', { identified: true }, (s) => s.identified],
  ['answered', { answered: true }],
  ['an answer to a survey at most 5', { survey: 'survey-nps-1', scoreMax: 5 }],
  ['an answer to a survey', { survey: 'survey-nps-1' }],
  ['an event', { event: 'checkout-failed' }, (s) => s.events.includes('checkout-failed')],
  ['a clicked selector', { clicked: 'button#buy' }, (s) => s.clicks.some((c) => c.selector === 'button#buy')],
  ['a clicked selector on a page', { clicked: 'button#buy', url: 'pricing' }],
  ['a tag', { tag: 'bug' }, (s) => s.tags.includes('bug')],
  ['a tag no session has', { tag: 'nothing' }, () => false],
  ['a browser family', { browser: 'Chrome' }, (s) => s.browser[0] === 'Chrome'],
  ['a browser and major', { browser: 'Chrome 120' }, (s) => s.browser.join(' ') === 'Chrome 120'],
  ['an OS', { os: 'Linux' }, (s) => s.os[0] === 'Linux'],
  ['several at once', { rage: true, event: 'signup', browser: 'Chrome' }],
];

for (const [what, filter, holds] of FILTERS) {
  test(`the list with ${what} is the same on PostgreSQL in every sort, page by page`, { skip }, async () => {
    let count: number | undefined;
    for (const sort of SORTS) {
      const rows = await sameOnBoth({ ...filter, siteId: 1, sort });
      count ??= rows.length;
      assert.equal(rows.length, count, 'every sort lists the same sessions');
      assert.equal(new Set(rows.map((r) => r.id)).size, rows.length, 'no session twice across pages');
    }
    if (holds) assert.equal(count, seeds.filter((s) => s.siteId === 1 && holds(s)).length, 'as many sessions as a plain reading finds');
    else assert.ok(count! > 0, 'the filter keeps some sessions');
  });
}

test('without a site, every sort lists the sessions of every site, the same on both', { skip }, async () => {
  for (const sort of SORTS) assert.equal((await sameOnBoth({ sort }, 7)).length, seeds.length);
});

test('a page size of one and a page size past the end give the same cursors', { skip }, async () => {
  await sameOnBoth({ siteId: 1, sort: 'duration' }, 1);
  await sameOnBoth({ siteId: 1, sort: '-clicks' }, 100);
});

test("a session's summary and detail are the same: pages, clicks, answers, consent, tracked names, tags, gaps", { skip }, async () => {
  for (const s of seeds) {
    const detail = await pgSessions.sessionDetail(s.id);
    assert.deepEqual(detail, await b.sqlite.sessions.sessionDetail(s.id), s.id);
    assert.deepEqual(await pgSessions.sessionSummary(s.id), await b.sqlite.sessions.sessionSummary(s.id));
  }
  const gappy = (await pgSessions.sessionDetail(seeds[4]!.id))!;
  assert.deepEqual(gappy.gaps, [2, 4, 5]);
  assert.deepEqual(gappy.tags, ['Bug', 'bug', 'pricing'].filter((t) => seeds[4]!.tags.includes(t)));
  assert.equal((await pgSessions.sessionDetail(seeds[5]!.id))!.consent?.mechanism, 'banner');
  assert.equal(await pgSessions.sessionDetail('no-such-session'), null);
  assert.equal(await pgSessions.sessionSummary('no-such-session'), null);
});

test("a session's chunks read the same: seq list, parts, replay index and bytes", { skip }, async () => {
  for (const s of seeds.slice(0, 12)) {
    assert.deepEqual(await pgSessions.chunkSeqs(s.id), await b.sqlite.sessions.chunkSeqs(s.id));
    assert.deepEqual(await pgSessions.chunkList(s.id), await b.sqlite.sessions.chunkList(s.id));
    assert.deepEqual(await pgSessions.replayChunks(s.id), await b.sqlite.sessions.replayChunks(s.id));
    for (const seq of [0, 1, 2]) assert.deepEqual(await pgSessions.chunkData(s.id, seq), await b.sqlite.sessions.chunkData(s.id, seq));
  }
});
