// What a recording could make the replay fetch on its own is dropped before rrweb sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { eventWithTime } from '@rrweb/types';
import { defuseRecordedRequests, drawingRel } from '../../viewer/replay/replay-requests.ts';

test('only the link relations that draw the page are kept', () => {
  assert.equal(drawingRel('stylesheet'), 'stylesheet');
  assert.equal(drawingRel('Alternate StyleSheet'), 'alternate stylesheet');
  for (const rel of ['preload', 'prefetch', 'modulepreload', 'prerender', 'dns-prefetch preconnect', 'next', 'icon']) assert.equal(drawingRel(rel), null, rel);
});

test('snapshots, added nodes and attribute changes lose fetching rels, ping, download and attributionsrc', () => {
  const link = { type: 2, tagName: 'link', attributes: { rel: 'preload', as: 'fetch', href: '/api/v1/audit' }, childNodes: [], id: 5 };
  const a = { type: 2, tagName: 'a', attributes: { href: '/x', ping: '/api/v1/audit', download: '', ATTRIBUTIONSRC: '' }, childNodes: [], id: 6 };
  const sheet = { type: 2, tagName: 'link', attributes: { rel: 'stylesheet', href: '/s.css' }, childNodes: [], id: 7 };
  const events = [
    { type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: [{ type: 2, tagName: 'html', attributes: {}, id: 2, childNodes: [link, a, sheet] }] }, initialOffset: { top: 0, left: 0 } } },
    { type: 3, timestamp: 2, data: { source: 0, texts: [], removes: [], adds: [{ parentId: 2, nextId: null, node: { type: 2, tagName: 'link', attributes: { rel: 'prefetch', href: '/api' }, childNodes: [], id: 8 } }], attributes: [{ id: 7, attributes: { rel: 'preload stylesheet', ping: '/p' } }] } },
  ] as unknown as eventWithTime[];
  defuseRecordedRequests(events);
  assert.deepEqual(link.attributes, { as: 'fetch', href: '/api/v1/audit' });
  assert.deepEqual(a.attributes, { href: '/x' });
  assert.deepEqual(sheet.attributes, { rel: 'stylesheet', href: '/s.css' });
  const mutation = events[1]!.data as unknown as { adds: { node: { attributes: object } }[]; attributes: { attributes: object }[] };
  assert.deepEqual(mutation.adds[0]!.node.attributes, { href: '/api' });
  assert.deepEqual(mutation.attributes[0]!.attributes, { rel: 'stylesheet', ping: null }, 'a change removes the attribute the rrweb way');
});
