// The small store namespaces (sites, tokens, audit, visitors, readiness, notes, tags,
// segments, leaks) answer the same on SQLite and on PostgreSQL: each test runs the same
// steps on both backends and expects the same answers. Then what only several nodes on
// one PostgreSQL can show: a site changed on one node is seen by another within the
// cache's time, and appends from two nodes keep one audit chain.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { storeBackends, dropPgDatabases, pgWorld, type World } from '../helpers/store-backends.ts';
import { pgSkipReason } from '../helpers/postgres.ts';
import { pgSitesStore, SITE_CACHE_MS } from '../../server/store/postgres/sites.ts';
import { pgAuditStore } from '../../server/store/postgres/audit.ts';
import { openPg } from '../../server/store/postgres/db.ts';
import { LAST_USED_GRANULARITY_MS } from '../../server/store/tokens.ts';
import type { AuditEntry } from '../../server/store/audit.ts';

after(dropPgDatabases);

const SITE = { name: 'Shop', origins: ['https://shop.example/path?q=1'], privacy: 'strict' as const, retentionDays: 30 };

/** A site with one visitor and two sessions, the rows most namespaces hang off. */
async function withSessions(w: World) {
  const site = await w.sites.createSite('site-a', SITE);
  await w.exec('INSERT INTO visitors (site_id, id, first_seen, last_seen, external_hash) VALUES (?, ?, ?, ?, ?)', site.id, 'v1', 1000, 5000, 'ext-hash');
  await w.exec('INSERT INTO visitors (site_id, id, first_seen, last_seen) VALUES (?, ?, ?, ?)', site.id, 'v2', 2000, 2000);
  await w.exec('INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) VALUES (?, ?, ?, ?, ?)', 's-late', site.id, 'v1', 4000, 5000);
  await w.exec('INSERT INTO sessions (id, site_id, visitor_id, started_at, last_at) VALUES (?, ?, ?, ?, ?)', 's-early', site.id, 'v1', 1000, 2000);
  return site;
}

for (const backend of await storeBackends()) {
  describe(`small store namespaces on ${backend.name}`, { skip: backend.skip }, () => {
    const open = async <T>(work: (w: World) => Promise<T>): Promise<T> => {
      const w = await backend.open();
      try {
        return await work(w);
      } finally {
        await w.close();
      }
    };

    test('sites: created with origins cut to their origin, found by key, listed by name in byte order, changed in part', () =>
      open(async (w) => {
        const site = await w.sites.createSite('site-a', SITE);
        assert.deepEqual({ ...site, id: typeof site.id }, {
          id: 'number', key: 'site-a', name: 'Shop', origins: ['https://shop.example'], privacy: 'strict', retentionDays: 30, pageQueryKeys: [], safeImages: [],
        });
        assert.deepEqual(await w.sites.siteByKey('site-a'), site);
        assert.equal(await w.sites.siteByKey('nope'), null);
        await w.sites.createSite('site-b', { ...SITE, name: 'alpha' });
        await w.sites.createSite('site-c', { ...SITE, name: 'Zeta', safeImages: ['https://cdn.example/'] });
        await assert.rejects(async () => w.sites.createSite('site-a', SITE), 'a key is unique');
        assert.deepEqual((await w.sites.listSites()).map((s) => [s.name, s.safeImages]), [['Shop', []], ['Zeta', ['https://cdn.example/']], ['alpha', []]]);

        await w.sites.changeSite(site, { privacy: 'balanced', retentionDays: 7 });
        assert.deepEqual(await w.sites.siteByKey('site-a'), { ...site, privacy: 'balanced', retentionDays: 7 }, 'the settings not given stay');
        await w.sites.setSafeImages(site, ['https://img.example/']);
        assert.deepEqual((await w.sites.siteByKey('site-a'))?.safeImages, ['https://img.example/']);
      }));

    test('sites: new page query keys start a re-key pass, the same keys do not', () =>
      open(async (w) => {
        const site = await w.sites.createSite('site-a', SITE);
        const rekey = async () => (await w.all<{ page_rekey: string | null }>('SELECT page_rekey FROM sites WHERE id = ?', site.id))[0]?.page_rekey;
        assert.equal(await rekey(), null);
        assert.equal(await w.sites.setPageQueryKeys(site, ['page']), true);
        const changed = (await w.sites.siteByKey('site-a'))!;
        assert.deepEqual(changed.pageQueryKeys, ['page']);
        assert.deepEqual(JSON.parse((await rekey())!), { table: 'page_views', after: 0 });
        await w.exec('UPDATE sites SET page_rekey = NULL WHERE id = ?', site.id);
        assert.equal(await w.sites.setPageQueryKeys(changed, ['page']), false);
        assert.equal(await rekey(), null, 'the same keys start no pass');
      }));

    test('tokens: found by hash while live, use noted once a minute, revoked with their logins', () =>
      open(async (w) => {
        await w.tokens.insertToken('h-admin', 'admin', 'admin (EINBLICK_ADMIN_TOKEN)', true);
        await w.tokens.insertToken('h-res', 'researcher', 'Rita');
        assert.equal(await w.tokens.activeAdminCount(), 1);
        const rita = await w.tokens.tokenByHash('h-res', 10_000_000);
        assert.deepEqual({ ...rita, id: typeof rita?.id }, { id: 'number', label: 'Rita', role: 'researcher' });
        assert.equal(await w.tokens.tokenByHash('unknown'), null);
        const ritaId = rita!.id;
        assert.equal((await w.tokens.tokenById(ritaId))?.lastUsedAt, 10_000_000);
        await w.tokens.tokenByHash('h-res', 10_000_000 + LAST_USED_GRANULARITY_MS - 1);
        assert.equal((await w.tokens.tokenById(ritaId))?.lastUsedAt, 10_000_000, 'not written again within the minute');
        await w.tokens.tokenByHash('h-res', 10_000_000 + LAST_USED_GRANULARITY_MS);
        assert.equal((await w.tokens.tokenById(ritaId))?.lastUsedAt, 10_000_000 + LAST_USED_GRANULARITY_MS);

        const far = Date.now() + 3_600_000;
        await w.tokens.insertLogin('login-1', ritaId, far);
        await w.tokens.insertLogin('login-2', ritaId, far);
        assert.equal((await w.tokens.loginByHash('login-1'))?.label, 'Rita');
        assert.equal(await w.tokens.loginByHash('login-1', far), null, 'an expired login is no login');
        await w.tokens.deleteLogin('login-1');
        assert.equal(await w.tokens.loginByHash('login-1'), null);

        assert.deepEqual(await w.tokens.envTokensOtherThan('h-other'), [(await w.tokens.listTokens())[0]!.id]);
        assert.deepEqual(await w.tokens.envTokensOtherThan('h-admin'), []);
        const revoked = await w.tokens.revokeToken(ritaId, 20_000_000);
        assert.equal(revoked?.revokedAt, 20_000_000);
        assert.equal(await w.tokens.loginByHash('login-2'), null, 'its logins end with it');
        assert.equal(await w.tokens.tokenByHash('h-res'), null);
        assert.equal((await w.tokens.revokeToken(ritaId, 30_000_000))?.revokedAt, 20_000_000, 'revoking again keeps the first time');
        assert.equal(await w.tokens.revokeToken(999), null);
        assert.deepEqual([await w.tokens.tokenState('h-res'), await w.tokens.tokenState('h-admin'), await w.tokens.tokenState('x')], ['revoked', 'live', 'none']);
        assert.deepEqual((await w.tokens.listTokens()).map((t) => [t.label, t.role, t.revokedAt]), [['admin (EINBLICK_ADMIN_TOKEN)', 'admin', null], ['Rita', 'researcher', 20_000_000]]);
      }));

    const entry = (i: number, action = 'session.erase'): AuditEntry => ({ at: 1000 + i, actorLabel: 'Pia', actorRole: 'privacy', action, objectHash: `obj-${i % 2}`, detail: { n: i, kind: 'x' } });

    test('audit: appended as a chain, listed newest first with filters, an edited row named by verify', () =>
      open(async (w) => {
        for (let i = 0; i < 5; i++) await w.audit.appendAudit(entry(i, i === 4 ? 'token.revoke' : 'session.erase'));
        const all = await w.audit.listAudit({ limit: 100 });
        assert.deepEqual(all.map((r) => r.at), [1004, 1003, 1002, 1001, 1000]);
        assert.equal(all[4]!.prevHash, '0'.repeat(64));
        assert.equal(all[0]!.prevHash, all[1]!.hash);
        assert.deepEqual(all[0]!.detail, { n: 4, kind: 'x' });
        assert.deepEqual((await w.audit.listAudit({ from: 1001, to: 1003, objectHash: 'obj-1', limit: 100 })).map((r) => r.at), [1003, 1001]);
        assert.deepEqual((await w.audit.listAudit({ action: 'token.revoke', limit: 100 })).map((r) => r.at), [1004]);
        assert.deepEqual((await w.audit.listAudit({ limit: 2 })).map((r) => r.at), [1004, 1003]);
        assert.deepEqual(await w.audit.verifyAudit(), { rows: 5, brokenAt: null });
        await w.exec('UPDATE audit SET detail = ? WHERE id = ?', '{"n":99,"kind":"x"}', all[2]!.id);
        assert.deepEqual(await w.audit.verifyAudit(), { rows: 3, brokenAt: all[2]!.id });
      }));

    test('audit: an empty trail verifies', () => open(async (w) => assert.deepEqual(await w.audit.verifyAudit(), { rows: 0, brokenAt: null })));

    test('visitors: found by id, by external hash and by session, with their session count', () =>
      open(async (w) => {
        const site = await withSessions(w);
        const v1 = { siteId: site.id, site: 'site-a', visitor: 'v1', firstSeen: 1000, lastSeen: 5000, identified: true, sessions: 2 };
        assert.deepEqual(await w.visitors.visitorsById('v1'), [v1]);
        assert.deepEqual(await w.visitors.visitorsById('v2'), [{ siteId: site.id, site: 'site-a', visitor: 'v2', firstSeen: 2000, lastSeen: 2000, identified: false, sessions: 0 }]);
        assert.deepEqual(await w.visitors.visitorsByExternalHash('ext-hash'), [v1]);
        assert.deepEqual(await w.visitors.visitorsByExternalHash('other'), []);
        assert.equal(await w.visitors.visitorOfSession('s-late'), 'v1');
        assert.equal(await w.visitors.visitorOfSession('none'), null);
        assert.deepEqual(await w.visitors.sessionIdsOf(site.id, 'v1'), ['s-early', 's-late']);
      }));

    test('readiness: the database answers and its schema is current, until a migration goes missing', () =>
      open(async (w) => {
        assert.equal(await w.readiness.answers(), true);
        assert.equal(await w.readiness.migrationsApplied(), true);
        await w.exec('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)');
        assert.equal(await w.readiness.migrationsApplied(), false);
      }));

    test('notes: added, listed by moment, counted, found with their author, deleted once', () =>
      open(async (w) => {
        await withSessions(w);
        const note = (id: string, at: number) => ({ id, session: 's-late', at, text: `note ${id}`, authorTokenId: 7, author: 'Rita', createdAt: 100 });
        assert.deepEqual(await w.notes.addNote(note('b', 500)), { id: 'b', at: 500, text: 'note b', author: 'Rita', createdAt: 100 });
        await w.notes.addNote(note('a', 900));
        await w.notes.addNote(note('C', 500));
        await assert.rejects(async () => w.notes.addNote({ ...note('z', 1), session: 'no-such-session' }), 'a note needs its session');
        assert.deepEqual((await w.notes.sessionNotes('s-late')).map((n) => n.id), ['C', 'b', 'a']);
        assert.equal(await w.notes.countNotes('s-late'), 3);
        assert.equal(await w.notes.countNotes('s-early'), 0);
        assert.deepEqual(await w.notes.noteById('a'), { id: 'a', at: 900, text: 'note a', author: 'Rita', createdAt: 100, session: 's-late', authorTokenId: 7 });
        assert.equal(await w.notes.noteById('zz'), null);
        assert.equal(await w.notes.deleteNote('a'), true);
        assert.equal(await w.notes.deleteNote('a'), false);
      }));

    test('tags: a session\'s set replaced whole, duplicates folded, counted per site', () =>
      open(async (w) => {
        const site = await withSessions(w);
        assert.deepEqual(await w.tags.setTags('s-late', ['checkout', 'bug', 'checkout', 'Bug']), ['Bug', 'bug', 'checkout']);
        assert.deepEqual(await w.tags.setTags('s-early', ['bug']), ['bug']);
        assert.equal(await w.tags.setTags('none', ['bug']), null);
        assert.deepEqual(await w.tags.tagCounts(site.id), [{ tag: 'bug', sessions: 2 }, { tag: 'Bug', sessions: 1 }, { tag: 'checkout', sessions: 1 }]);
        assert.deepEqual(await w.tags.setTags('s-late', []), []);
        assert.deepEqual(await w.tags.tagCounts(site.id), [{ tag: 'bug', sessions: 1 }]);
      }));

    test('segments: saved with a numeric id, listed by name with their filters', () =>
      open(async (w) => {
        const site = await w.sites.createSite('site-a', SITE);
        const first = await w.segments.addSegment({ siteId: site.id, name: 'rage', filters: { rage: true }, createdBy: 'Rita', now: 5 });
        const second = await w.segments.addSegment({ siteId: site.id, name: 'Answered', filters: { answered: true, sort: '-duration' } as never, createdBy: 'Pia', now: 6 });
        assert.equal(typeof first, 'number');
        assert.ok(second > first);
        assert.deepEqual(await w.segments.segmentsOf(site.id), [
          { id: second, site: 'site-a', name: 'Answered', filters: { answered: true, sort: '-duration' }, createdBy: 'Pia', createdAt: 6 },
          { id: first, site: 'site-a', name: 'rage', filters: { rage: true }, createdBy: 'Rita', createdAt: 5 },
        ]);
        assert.deepEqual(await w.segments.segmentsOf(site.id + 1), []);
      }));

    test('leaks: catches counted on the page they were on, added up across chunks, newest time kept', () =>
      open(async (w) => {
        const site = await withSessions(w);
        const view = (pv: number, ts: number, page: string) =>
          w.exec('INSERT INTO page_views (session_id, pv, site_id, url, ts, viewport_w, viewport_h, doc_w, doc_h, device, page) VALUES (?, ?, ?, ?, ?, 1, 1, 1, 1, ?, ?)', 's-late', pv, site.id, page, ts, 'desktop', page);
        await view(0, 4000, '/cart');
        await view(1, 4500, '/pay');
        const email = (ts: number | null) => ({ kind: 'email' as const, element: 'input#mail', field: 'input', ts });
        await w.countLeaks({ siteId: site.id, session: 's-late', firstTs: 4100, lastTs: 4800, receivedAt: 50, catches: [email(4200), email(4600), email(null), { kind: 'card', element: '', field: 'text', ts: 4100 }] });
        await w.countLeaks({ siteId: site.id, session: 's-late', firstTs: 4900, lastTs: 5000, receivedAt: 40, catches: [email(4950)] });
        await w.countLeaks({ siteId: site.id, session: 's-late', firstTs: 4900, lastTs: 5000, receivedAt: 60, catches: [] });
        assert.deepEqual(await w.leaks.listLeaks(site.id), [
          { page: '/pay', kind: 'email', element: 'input#mail', field: 'input', catches: 3, firstAt: 50, lastAt: 50 },
          { page: '/cart', kind: 'card', element: '', field: 'text', catches: 1, firstAt: 50, lastAt: 50 },
          { page: '/cart', kind: 'email', element: 'input#mail', field: 'input', catches: 1, firstAt: 50, lastAt: 50 },
        ]);
        assert.deepEqual(await w.leaks.listLeaks(site.id + 1), []);
      }));
  });
}

const pgSkip = await pgSkipReason();

describe('several nodes on one PostgreSQL', { skip: pgSkip }, () => {
  test('a site changed on one node is seen on another once its cache time has passed', async () => {
    const w = await pgWorld();
    const other = openPg(w.url);
    try {
      let clock = 1_000_000;
      const nodeA = pgSitesStore(w.pg, () => clock);
      const nodeB = pgSitesStore(other);
      const site = await nodeB.createSite('site-a', SITE);
      assert.equal((await nodeA.siteByKey('site-a'))?.privacy, 'strict');
      await nodeB.changeSite(site, { privacy: 'balanced' });
      assert.equal((await nodeA.siteByKey('site-a'))?.privacy, 'strict', 'within the cache time node A may answer the old settings');
      clock += SITE_CACHE_MS;
      assert.equal((await nodeA.siteByKey('site-a'))?.privacy, 'balanced');
      assert.equal(await nodeA.siteByKey('site-new'), null);
      await nodeB.createSite('site-new', SITE);
      clock += SITE_CACHE_MS;
      assert.equal((await nodeA.siteByKey('site-new'))?.key, 'site-new', 'a site unknown a moment ago is found');
    } finally {
      await other.close();
      await w.close();
    }
  });

  test('two nodes appending at once keep one unbroken audit chain', async () => {
    const w = await pgWorld();
    const other = openPg(w.url);
    try {
      const nodes = [pgAuditStore(w.pg), pgAuditStore(other)];
      await Promise.all(Array.from({ length: 60 }, (_, i) => nodes[i % 2]!.appendAudit({ at: i, actorLabel: `node ${i % 2}`, actorRole: 'admin', action: 'x', objectHash: null, detail: { i } })));
      assert.deepEqual(await nodes[0]!.verifyAudit(), { rows: 60, brokenAt: null });
      const rows = await nodes[1]!.listAudit({ limit: 100 });
      assert.equal(new Set(rows.map((r) => r.prevHash)).size, 60, 'no two rows chain onto the same one');
    } finally {
      await other.close();
      await w.close();
    }
  });

  test('verify walks a chain longer than one read batch', async () => {
    const w = await pgWorld();
    try {
      for (let i = 0; i < 2100; i += 300) await Promise.all(Array.from({ length: 300 }, (_, j) => w.audit.appendAudit({ at: i + j, actorLabel: 'a', actorRole: 'admin', action: 'x', objectHash: null, detail: {} })));
      assert.deepEqual(await w.audit.verifyAudit(), { rows: 2100, brokenAt: null });
      const victim = (await w.audit.listAudit({ limit: 1000 })).at(-1)!;
      await w.exec('DELETE FROM audit WHERE id = ?', victim.id);
      const result = await w.audit.verifyAudit();
      assert.equal(result.brokenAt, victim.id + 1, 'the row after a removed one is named');
    } finally {
      await w.close();
    }
  });
});
