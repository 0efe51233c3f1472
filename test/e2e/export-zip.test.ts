// The data subject's copy: a zip holding the JSON export and one HTML replay per
// session, which must play from disk with the network cut off and run nothing recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync, strFromU8 } from 'fflate';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { sqliteDb } from '../helpers/sqlite-db.ts';

let world: World;
let dir: string;
before(async () => {
  world = await createWorld();
  dir = mkdtempSync(path.join(tmpdir(), 'einblick-zip-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await world.close();
});

type Einblick = { consent: { grant(): void } };

/** A second session of the same visitor whose recording tries to run code and call out. */
function hostileEvents(t0: number) {
  let id = 10;
  const el = (tagName: string, attributes: Record<string, string>, ...childNodes: object[]) => ({ type: 2, tagName, attributes, childNodes, id: id++ });
  const text = (textContent: string) => ({ type: 3, textContent, id: id++ });
  const body = el(
    'body',
    {},
    el('h1', { id: 'marker' }, text('Hostile page </script><script>top.__pwned=9</script>')),
    el('script', {}, text('top.__pwned=1')),
    el('img', { src: 'x:broken', onerror: 'top.__pwned=2' }),
    el('img', { src: 'https://tracker.example/pixel.gif' }),
    el('svg', { onload: 'top.__pwned=3' }),
  );
  const node = { type: 0, id: 1, childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: 2 }, el('html', {}, el('head', {}), body)] };
  return [
    { type: 4, timestamp: t0, data: { href: `${world.site.origin}/shop`, width: 1024, height: 768 } },
    { type: 2, timestamp: t0 + 10, data: { node, initialOffset: { top: 0, left: 0 } } },
    { type: 3, timestamp: t0 + 1000, data: { source: 1, positions: [{ x: 5, y: 5, id: 10, timeOffset: 0 }] } },
  ];
}

test('the zip export holds the JSON and one offline replay per session that plays from disk and runs nothing recorded', async () => {
  const visit = await world.open('shop');
  await visit.page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.grant());
  await visit.page.click('#buy');
  const siteId = (await world.server.store.sites.siteByKey(world.siteKey))!.id;
  const recorded = await eventually('the recorded session with its snapshot', async () => {
    const s = (await world.server.store.sessions.listSessions({ siteId, limit: 5 })).sessions[0];
    return s && sqliteDb(world.server.store).prepare('SELECT 1 FROM chunks WHERE session_id = ? AND full_snapshot = 1').get(s.id) ? s : null;
  });
  await visit.context.close();
  const hostile = await fetch(world.server.url + '/api/v1/ingest', {
    method: 'POST',
    body: JSON.stringify({ site: world.siteKey, visitor: recorded.visitor, session: 'zip-hostile-session', seq: 0, events: hostileEvents(recorded.startedAt + 60_000) }),
  });
  assert.equal(hostile.status, 202);
  const other = await fetch(world.server.url + '/api/v1/ingest', {
    method: 'POST',
    body: JSON.stringify({ site: world.siteKey, visitor: 'zip-other-visitor', session: 'zip-other-session', seq: 0, events: [{ type: 3, timestamp: Date.now(), data: {} }] }),
  });
  assert.equal(other.status, 202);

  const res = await world.server.api(`/api/v1/privacy/visitors/${recorded.visitor}/export?format=zip`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`einblick-export-${recorded.visitor}\\.zip`));
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const names = Object.keys(files).sort();
  const replays = names.filter((n) => n.startsWith('replays/'));
  assert.deepEqual(names.filter((n) => !n.startsWith('replays/')), ['README.txt', 'export.json']);
  assert.equal(replays.length, 2, 'one replay file per session');
  const doc = JSON.parse(strFromU8(files['export.json']!)) as { visitor: string; sessions: { id: string; consent: { mechanism: string } | null; events: unknown[] }[] };
  assert.equal(doc.visitor, recorded.visitor);
  assert.deepEqual(doc.sessions.map((s) => s.id).sort(), [recorded.id, 'zip-hostile-session'].sort());
  assert.equal(doc.sessions.find((s) => s.id === recorded.id)!.consent!.mechanism, 'api');
  assert.ok(!strFromU8(files['export.json']!).includes('zip-other'), "nothing of the other visitor");

  const audit = await world.server.store.audit.listAudit({ action: 'visitor.export', limit: 5 });
  assert.equal(audit[0]!.detail.format, 'zip');

  // Open the files from disk, with every non-file request refused and the browser offline.
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.setOffline(true);
  const network: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => void (dialogs++, d.dismiss()));

  const open = async (session: string) => {
    const name = replays.find((n) => n.endsWith(`-${session}.html`))!;
    const file = path.join(dir, path.basename(name));
    writeFileSync(file, files[name]!);
    await page.goto(pathToFileURL(file).href);
    await page.locator('.rr-player iframe').waitFor({ state: 'attached' });
    return page.frameLocator('.rr-player iframe');
  };

  const shop = await open(recorded.id);
  assert.equal(await shop.locator('#welcome').innerText(), 'Welcome to Testshop', 'the recorded page renders, unmasked text as recorded');
  assert.doesNotMatch(await shop.locator('#contact').innerText(), /alice\.secret/, 'masked text stays masked');
  assert.equal(await page.locator('.rr-player .rr-controller').count(), 1, "the player's controls are there");

  const evil = await open('zip-hostile-session');
  assert.match(await evil.locator('#marker').innerText(), /^Hostile page/);
  assert.match(await page.locator('body > p').first().innerText(), /Session zip-hostile-session .* plays offline/);
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no recorded script ran');
  assert.equal(dialogs, 0);
  assert.deepEqual(network, [], 'no request left the file');
  await context.close();
});
