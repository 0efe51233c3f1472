// The recorder's second pass over rrweb events: attributes and URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeAttribute, sanitizeEvent } from '../../recorder/sanitize.ts';
import { maskText } from '../../recorder/privacy.ts';

test('text attributes are masked in strict mode and scrubbed of personal data in balanced', () => {
  assert.equal(sanitizeAttribute('strict', 'title', 'Buy boots'), maskText('Buy boots'));
  assert.equal(sanitizeAttribute('balanced', 'title', 'Buy boots'), 'Buy boots');
  assert.equal(sanitizeAttribute('balanced', 'title', 'Mail ann@example.com'), 'Mail ' + maskText('ann@example.com'));
});

test('URLs lose sensitive values in both modes; layout attributes are left alone', () => {
  assert.equal(sanitizeAttribute('balanced', 'href', 'mailto:ann@example.com'), 'mailto:' + maskText('ann@example.com'));
  assert.match(sanitizeAttribute('strict', 'src', 'https://cdn.example/a.png?token=abc'), /token=\*\*\*/);
  assert.equal(sanitizeAttribute('strict', 'class', 'btn btn-primary'), 'btn btn-primary');
  assert.equal(sanitizeAttribute('strict', 'srcdoc', '<p>secret</p>'), '');
});

test('a full snapshot and a mutation are scrubbed in place, however deep', () => {
  let node: { type: number; tagName: string; attributes: Record<string, string>; childNodes: unknown[] } = { type: 2, tagName: 'a', attributes: { href: 'mailto:bob@example.com', title: 'bob@example.com' }, childNodes: [] };
  const leaf = node;
  for (let i = 0; i < 20_000; i++) node = { type: 2, tagName: 'div', attributes: {}, childNodes: [node] };
  sanitizeEvent('balanced', { type: 2, data: { node } });
  assert.doesNotMatch(JSON.stringify(leaf), /bob@example/);

  const mutation = { type: 3, data: { source: 0, adds: [{ node: { type: 2, tagName: 'img', attributes: { alt: 'Card 4111 1111 1111 1111' }, childNodes: [] } }], attributes: [{ id: 1, attributes: { 'aria-label': 'IBAN DE89 3704 0044 0532 0130 00' } }] } };
  sanitizeEvent('balanced', mutation);
  assert.doesNotMatch(JSON.stringify(mutation), /4111|DE89/);
});

test('the page URL in a meta event is scrubbed', () => {
  const meta = { type: 4, data: { href: 'https://shop.example/reset?email=ann@example.com&step=2', width: 1, height: 1 } };
  sanitizeEvent('strict', meta);
  assert.equal(meta.data.href, 'https://shop.example/reset?email=***&step=2');
});
