import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cssReferences, rewriteCss } from '../../contract/css-urls.ts';
import { mapAssetUrls, newAssetWalk, type AssetSlot } from '../../contract/asset-refs.ts';

test('a stylesheet\'s imports, fonts and images are found, quoted or not', () => {
  const css = '@import "a.css"; @import url(b.css);\n@font-face{font-family:X;src:url("f.woff2") format("woff2")}\nbody{background:url(\'bg.png\')} i{background:url( data:image/png;base64,AA )}';
  assert.deepEqual(cssReferences(css), [
    { url: 'a.css', kind: 'stylesheet' },
    { url: 'b.css', kind: 'stylesheet' },
    { url: 'f.woff2', kind: 'font' },
    { url: 'bg.png', kind: 'image' },
    { url: 'data:image/png;base64,AA', kind: 'image' },
  ]);
});

test('rewritten CSS points at the replacement, and what is dropped loads nothing', () => {
  const out = rewriteCss('@import "a.css"; b{background:url(x.png)} c{background:url("y.png")}', (u) => (u === 'x.png' ? '/api/v1/assets/h' : null));
  assert.equal(out, '@import "data:,"; b{background:url("/api/v1/assets/h")} c{background:url("data:,")}');
});

const snapshot = (children: unknown[]) => ({
  type: 2,
  timestamp: 1,
  data: { node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: children }] } },
});

test('strict privacy: an element\'s image is personal unless data-einblick-unmask is on it or above', () => {
  const events = [
    snapshot([
      { type: 2, id: 3, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://cdn.test/s.css' }, childNodes: [] },
      { type: 2, id: 4, tagName: 'img', attributes: { src: 'https://cdn.test/avatar.png' }, childNodes: [] },
      { type: 2, id: 5, tagName: 'div', attributes: { 'data-einblick-unmask': '' }, childNodes: [
        { type: 2, id: 6, tagName: 'img', attributes: { srcset: 'https://cdn.test/a.png 1x, https://cdn.test/b.png 2x' }, childNodes: [] },
        { type: 2, id: 7, tagName: 'p', attributes: { 'data-einblick-mask': '', style: 'background:url(https://cdn.test/p.png)' }, childNodes: [] },
      ] },
      { type: 2, id: 8, tagName: 'a', attributes: { href: 'https://site.test/next' }, childNodes: [] },
    ]),
    // A later mutation adds an image inside the unmasked region.
    { type: 3, timestamp: 2, data: { source: 0, adds: [{ parentId: 5, node: { type: 2, id: 9, tagName: 'img', attributes: { src: 'https://cdn.test/later.png' }, childNodes: [] } }], attributes: [], removes: [], texts: [] } },
  ];
  const seen: AssetSlot[] = [];
  mapAssetUrls(events, newAssetWalk(), (slot) => void seen.push(slot));
  const found = seen.map((s) => [s.url.replace('https://cdn.test/', ''), s.kind, s.personal]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  assert.deepEqual(found, [
    ['a.png', 'image', false],
    ['avatar.png', 'image', true],
    ['b.png', 'image', false],
    ['later.png', 'image', false],
    ['p.png', 'image', true],
    ['s.css', 'stylesheet', false],
  ]);
});

test('the viewer\'s rewrite points captured assets at Einblick and removes the others', () => {
  const events = [snapshot([
    { type: 2, id: 3, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://cdn.test/s.css' }, childNodes: [] },
    { type: 2, id: 4, tagName: 'img', attributes: { src: 'https://cdn.test/gone.png', srcset: 'https://cdn.test/a.png 1x, https://cdn.test/gone.png 2x' }, childNodes: [] },
    { type: 2, id: 5, tagName: 'style', attributes: {}, childNodes: [{ type: 3, id: 6, isStyle: true, textContent: 'b{background:url(https://cdn.test/a.png)}' }] },
  ])];
  const kept = new Map([['https://cdn.test/s.css', '/api/v1/assets/s'], ['https://cdn.test/a.png', '/api/v1/assets/a']]);
  mapAssetUrls(events, newAssetWalk(), (slot) => kept.get(slot.url) ?? null);
  const html = JSON.stringify(events);
  assert.ok(!html.includes('cdn.test'), `no site URL is left: ${html}`);
  assert.match(html, /"href":"\/api\/v1\/assets\/s"/);
  assert.match(html, /"srcset":"\/api\/v1\/assets\/a 1x"/);
  assert.match(html, /url\(\\"\/api\/v1\/assets\/a\\"\)/);
});

test('a chunk the capture skips unparsed never holds an asset or a masking marker', async () => {
  const { mayReferAssets } = await import('../../server/assets/event-urls.ts');
  const mutation = (data: object) => ({ type: 3, timestamp: 3, data: { source: 0, adds: [], attributes: [], removes: [], texts: [], ...data } });
  const referring = [
    snapshot([]),
    mutation({ adds: [{ parentId: 2, node: { type: 2, id: 9, tagName: 'img', attributes: {}, childNodes: [] } }] }),
    mutation({ attributes: [{ id: 4, attributes: { src: 'https://cdn.test/x.png' } }] }),
    mutation({ attributes: [{ id: 4, attributes: { 'xlink:href': 'https://cdn.test/x.svg' } }] }),
    mutation({ attributes: [{ id: 4, attributes: { style: 'background:URL(x.png)' } }] }),
    mutation({ attributes: [{ id: 4, attributes: { 'data-einblick-unmask': '' } }] }),
    { type: 3, timestamp: 4, data: { source: 8, id: 5, adds: [{ rule: '@import "b.css";' }] } },
  ];
  for (const e of referring) assert.ok(mayReferAssets(JSON.stringify([e])), JSON.stringify(e));
  const plain = [
    { type: 3, timestamp: 5, data: { source: 1, positions: [{ x: 1, y: 2, id: 4, timeOffset: 0 }] } },
    { type: 3, timestamp: 6, data: { source: 3, id: 1, x: 0, y: 400 } },
    mutation({ texts: [{ id: 7, value: 'Ññññ ñññ' }] }),
    { type: 5, timestamp: 7, data: { tag: 'track', payload: { name: 'checkout' } } },
  ];
  assert.equal(mayReferAssets(JSON.stringify(plain)), false, 'pointer moves, scrolls, text changes and custom events are skipped');
});

test('a sheet rrweb inlined (_cssText) is no asset to fetch; its fonts and images are, and the replay points them at the copies', async () => {
  const { useCapturedAssets } = await import('../../viewer/replay/replay-assets.ts');
  const css = '@font-face { font-family: Own; src: url("https://site.test/own.woff2") format("woff2"); }\n#hero { background-image: url("https://site.test/hero.png"); }';
  const events = () => [snapshot([{ type: 2, id: 3, tagName: 'link', attributes: { rel: 'stylesheet', href: 'https://site.test/own.css', _cssText: css }, childNodes: [] }])];
  const slots: AssetSlot[] = [];
  mapAssetUrls(events(), newAssetWalk(), (slot) => void slots.push(slot));
  assert.deepEqual(slots, [
    { kind: 'font', url: 'https://site.test/own.woff2', personal: false },
    { kind: 'image', url: 'https://site.test/hero.png', personal: false },
  ]);
  const asset = (url: string, hash: string) => ({ url, kind: 'image' as const, state: 'captured' as const, path: `/api/v1/assets/${hash}`, reason: null, explanation: null, via: null });
  const [replayed] = useCapturedAssets(events() as never[], [asset('https://site.test/own.woff2', 'f'), asset('https://site.test/hero.png', 'h')]) as ReturnType<typeof events>;
  const link = (replayed!.data.node.childNodes[0] as { childNodes: { attributes: Record<string, string> }[] }).childNodes[0]!.attributes;
  assert.equal(link._cssText, '@font-face { font-family: Own; src: url("/api/v1/assets/f") format("woff2"); }\n#hero { background-image: url("/api/v1/assets/h"); }');
  assert.equal(link.href, 'https://site.test/own.css', 'the href of an inlined sheet loads nothing in the replay: rrweb builds it from _cssText');
});
