// A hostile recording is replayed by a signed-in admin (who holds the privacy role).
// Its page elements point at the audited reads: a visitor's export, the audit CSV, a
// lookup, another session's events. None of them may reach the API with the admin's
// login, and the audit trail must show only the one replay the admin opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, eventually } from '../helpers/server.ts';
import type { Request } from 'playwright-core';
import { useServerAndBrowser } from '../helpers/server-and-browser.ts';
import { storeSyntheticSession } from '../helpers/synthetic-session.ts';

const env = useServerAndBrowser();

let nextId = 100;
const el = (tagName: string, attributes: Record<string, string>, ...childNodes: object[]) => ({ type: 2, tagName, attributes, childNodes, id: nextId++ });
const text = (textContent: string) => ({ type: 3, textContent, id: nextId++ });

/** The audited reads, by a session and visitor that exist, so each would succeed and leave a row. */
function auditedUrls(base: string, victim: { id: string; visitor: string }) {
  return {
    export: `${base}/api/v1/privacy/visitors/${victim.visitor}/export`,
    zip: `${base}/api/v1/privacy/visitors/${victim.visitor}/export?format=zip`,
    csv: `${base}/api/v1/audit?format=csv`,
    audit: `${base}/api/v1/audit?limit=1`,
    lookup: `${base}/api/v1/privacy/lookup?visitorId=${victim.visitor}`,
    lookupBySession: `${base}/api/v1/privacy/lookup?sessionId=${victim.id}`,
    events: `${base}/api/v1/sessions/${victim.id}/events`,
  };
}

/** The recorded document, and the ids a later mutation refers to. */
function hostileSnapshot(u: ReturnType<typeof auditedUrls>) {
  const marker = el('h1', { id: 'marker' }, text('Nothing to see'));
  const harmless = el('link', { rel: 'author', href: `${u.audit}&harmless=1` });
  const body = el(
    'body',
    {},
    marker,
    el('img', { src: u.export }),
    el('img', { srcset: `${u.events} 1x` }),
    el('link', { rel: 'stylesheet', href: u.csv }),
    el('link', { rel: 'preload', as: 'fetch', crossorigin: '', href: u.lookup }),
    el('link', { rel: 'prefetch', crossorigin: 'anonymous', href: u.zip }),
    el('iframe', { src: u.audit }),
    el('div', { style: `width:10px;height:10px;background:url(${u.lookupBySession})` }),
    el('style', {}, text(`@import url(${u.audit}&from=1); #marker { background-image: url(${u.export}?format=json) }`)),
  );
  const node = { type: 0, id: 1, childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: 2 }, el('html', {}, el('head', {}, harmless), body)] };
  return { node, body: body.id, harmless: harmless.id, marker: marker.id };
}

test('a recorded page cannot make the viewer call an audited read with the viewer’s login', async () => {
  const victim = await storeSyntheticSession(env.server.store, 'demo', { id: 'victim-session', minutes: 1, checkoutEveryMin: 1, products: 3 });
  const u = auditedUrls(env.server.url, { id: victim.id, visitor: `${victim.id}-visitor` });
  const t0 = Date.now();
  const snapshot = hostileSnapshot(u);
  const events = [
    { type: 4, timestamp: t0, data: { href: `${env.server.url}/shop`, width: 1024, height: 768 } },
    { type: 2, timestamp: t0 + 10, data: { node: snapshot.node, initialOffset: { top: 0, left: 0 } } },
    // Later a preload is added, and a harmless link becomes one.
    {
      type: 3, timestamp: t0 + 200,
      data: {
        source: 0, texts: [], removes: [],
        attributes: [{ id: snapshot.harmless, attributes: { rel: 'preload', as: 'fetch', crossorigin: '', href: u.csv } }],
        adds: [{ parentId: snapshot.body, nextId: null, node: { type: 2, tagName: 'link', attributes: { rel: 'preload', as: 'fetch', crossorigin: '', href: u.export }, childNodes: [], id: 900 } }],
      },
    },
    { type: 3, timestamp: t0 + 400, data: { source: 1, positions: [{ x: 5, y: 5, id: snapshot.marker, timeOffset: 0 }] } },
  ];
  const res = await fetch(env.server.url + '/api/v1/ingest', {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: env.server.url },
    body: JSON.stringify({ site: 'demo', visitor: 'hostile-visitor', session: 'hostile-session', seq: 0, events }),
  });
  assert.equal(res.status, 202);
  const before = (await env.server.store.audit.listAudit({ limit: 1000 })).length;

  const context = await env.browser.newContext();
  const page = await context.newPage();
  const answered: string[] = [];
  const audited = (url: string) => Object.values(u).some((bad) => url.startsWith(bad.split('?')[0]!));
  page.on('response', (r) => {
    if (audited(r.url()) && r.status() < 400) answered.push(`${r.status()} ${r.url()}`);
  });
  // Requests to the audited reads still waiting for their answer. (Not 'networkidle': on a busy
  // machine the viewer's own requests could keep the page from ever being idle for 500 ms.)
  const waiting = new Set<Request>();
  page.on('request', (r) => void (audited(r.url()) && waiting.add(r)));
  page.on('requestfinished', (r) => void waiting.delete(r));
  page.on('requestfailed', (r) => void waiting.delete(r));
  await page.goto(env.server.url + '/viewer/');
  await page.getByLabel('Access token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('sessions-table').waitFor();
  await page.goto(env.server.url + '/viewer/sessions/hostile-session');
  const frame = page.frameLocator('.rr-player iframe');
  await frame.locator('#marker').waitFor({ state: 'attached' });
  await page.locator('.rr-controller__btns button').first().click(); // play: the mutation adds its preload
  await page.waitForFunction(() => {
    const doc = document.querySelector<HTMLIFrameElement>('.rr-player iframe')?.contentDocument;
    return !!doc?.querySelector('link[href*="/export"]:not([rel=stylesheet])') && !!doc.querySelector('link[href*="format=csv"]:not([rel=stylesheet])') && [...(doc?.images ?? [])].every((img) => img.complete);
  });
  // Every audited request the replay made has had its answer (or was never sent).
  await eventually('no audited read still waiting for its answer', () => waiting.size === 0, 30_000);

  const all = await env.server.store.audit.listAudit({ limit: 1000 });
  const rows = all.slice(0, all.length - before);
  const actions = rows.map((r) => r.action).sort();
  assert.deepEqual(actions, ['auth.login', 'replay.read'], `only the sign-in and the one replay opened are in the trail: ${actions.join(', ')}`);
  assert.deepEqual(answered, [], 'no audited read was answered');
  const rels = await frame.locator('link').evaluateAll((links) => links.map((l) => l.getAttribute('rel')));
  assert.ok(!rels.some((rel) => rel && /preload|prefetch/.test(rel)), `no link fetches ahead: ${rels.join(', ')}`);
  await context.close();
});
