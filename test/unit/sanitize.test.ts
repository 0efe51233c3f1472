// The recorder's second pass over rrweb events: attributes and URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizeAttribute, sanitizeEvent, sanitizeRules } from '../../recorder/sanitize.ts';
import { maskText } from '../../recorder/privacy.ts';

const ORIGIN = 'https://shop.example';
const strict = sanitizeRules('strict', ['page'], ORIGIN);
const balanced = sanitizeRules('balanced', ['page'], ORIGIN);
const el = (tagName: string) => ({ tagName });

test('text attributes are masked in strict mode and scrubbed of personal data in balanced', () => {
  assert.equal(sanitizeAttribute(strict, el('img'), 'title', 'Buy boots'), maskText('Buy boots'));
  assert.equal(sanitizeAttribute(balanced, el('img'), 'title', 'Buy boots'), 'Buy boots');
  assert.equal(sanitizeAttribute(balanced, el('img'), 'title', 'Mail ann@example.com'), 'Mail ' + maskText('ann@example.com'));
});

test('URLs lose sensitive values in both modes; layout attributes are left alone', () => {
  assert.equal(sanitizeAttribute(balanced, el('a'), 'href', 'mailto:ann@example.com'), 'mailto:***************');
  assert.match(sanitizeAttribute(strict, el('img'), 'src', 'https://cdn.example/a.png?token=abc'), /token=\*\*\*/);
  assert.equal(sanitizeAttribute(strict, el('div'), 'class', 'btn btn-primary'), 'btn btn-primary');
  assert.equal(sanitizeAttribute(strict, el('iframe'), 'srcdoc', '<p>secret</p>'), '');
});

test('strict: attributes not needed to draw the page are masked, keeping their length', () => {
  assert.equal(sanitizeAttribute(strict, el('button'), 'data-share-text', 'Anna Schmidt just bought boots'), maskText('Anna Schmidt just bought boots'));
  assert.equal(sanitizeAttribute(strict, el('div'), 'data-user', 'jdoe_1987'), maskText('jdoe_1987'));
  assert.equal(sanitizeAttribute(strict, el('profile-card'), 'owner', 'Anna Schmidt'), maskText('Anna Schmidt'));
  assert.equal(sanitizeAttribute(strict, el('meta'), 'content', 'Anna Schmidt'), maskText('Anna Schmidt'));
  assert.equal(sanitizeAttribute(strict, el('img'), 'alt', 'Anna Schmidt'), maskText('Anna Schmidt'));
  // What CSS selects on stays, so the replay is styled as the page was.
  assert.equal(sanitizeAttribute(strict, el('div'), 'data-state', 'open'), 'open');
  assert.equal(sanitizeAttribute(strict, el('button'), 'aria-expanded', 'true'), 'true');
  assert.equal(sanitizeAttribute(strict, el('div'), 'id', 'cart'), 'cart');
  assert.equal(sanitizeAttribute(strict, el('button'), 'data-testid', 'buy'), 'buy', 'heatmaps place clicks by it');
  assert.equal(sanitizeAttribute(strict, { tagName: 'path', isSVG: true }, 'd', 'M0 0L10 10'), 'M0 0L10 10');
  assert.equal(sanitizeAttribute(strict, { tagName: 'svg', isSVG: true }, 'data-user', 'anna'), maskText('anna'), 'inside SVG too, data- holds no drawing');
  assert.equal(sanitizeAttribute(strict, el('td'), 'colspan', '2'), '2');
  // Balanced keeps them unless they hold personal data.
  assert.equal(sanitizeAttribute(balanced, el('div'), 'data-user', 'jdoe_1987'), 'jdoe_1987');
});

test('strict: a link to another origin keeps that origin alone; a same-origin link keeps its path', () => {
  assert.equal(sanitizeAttribute(strict, el('a'), 'href', 'https://social.example/in/anna-schmidt-4711?ref=share'), 'https://social.example');
  assert.equal(sanitizeAttribute(strict, el('a'), 'href', 'https://shop.example/orders/42?page=2&q=anna'), 'https://shop.example/orders/42?page=2&q=***');
  assert.equal(sanitizeAttribute(strict, el('form'), 'action', 'https://crm.example/lead/anna'), 'https://crm.example');
  assert.equal(sanitizeAttribute(strict, el('a'), 'href', 'javascript:greet("Anna")'), 'javascript:' + '*'.repeat('greet("Anna")'.length));
  // A stylesheet or an image is drawn: its path stays, its query values go.
  assert.equal(sanitizeAttribute(strict, el('link'), 'href', 'https://cdn.example/site.css?v=3'), 'https://cdn.example/site.css?v=***');
  assert.equal(sanitizeAttribute(strict, el('img'), 'srcset', 'https://cdn.example/a.png?u=anna 1x, https://cdn.example/b.png 2x'), 'https://cdn.example/a.png?u=*** 1x, https://cdn.example/b.png 2x');
  // An SVG sprite reference draws an icon; rrweb leaves it relative.
  assert.equal(sanitizeAttribute(strict, { tagName: 'use', isSVG: true }, 'href', '#icon-cart'), '#icon-cart');
  assert.equal(sanitizeAttribute(strict, el('a'), 'href', '#access_token=abc'), '#access_token=***');
  // Balanced keeps the target, minus what looks sensitive.
  assert.equal(sanitizeAttribute(balanced, el('a'), 'href', 'https://social.example/in/anna-schmidt-4711'), 'https://social.example/in/anna-schmidt-4711');
});

test('a full snapshot and a mutation are scrubbed in place, however deep', () => {
  let node: { type: number; tagName: string; attributes: Record<string, string>; childNodes: unknown[] } = { type: 2, tagName: 'a', attributes: { href: 'mailto:bob@example.com', title: 'bob@example.com' }, childNodes: [] };
  const leaf = node;
  for (let i = 0; i < 20_000; i++) node = { type: 2, tagName: 'div', attributes: {}, childNodes: [node] };
  sanitizeEvent(balanced, { type: 2, data: { node } });
  assert.doesNotMatch(JSON.stringify(leaf), /bob@example/);

  const mutation = { type: 3, data: { source: 0, adds: [{ node: { type: 2, tagName: 'img', attributes: { alt: 'Card 4111 1111 1111 1111' }, childNodes: [] } }], attributes: [{ id: 1, attributes: { 'aria-label': 'IBAN DE89 3704 0044 0532 0130 00' } }] } };
  sanitizeEvent(balanced, mutation);
  assert.doesNotMatch(JSON.stringify(mutation), /4111|DE89/);
});

test('an attribute change is judged by the tag of the node it names', () => {
  const tags: Record<number, string> = { 1: 'a', 2: 'link' };
  const rules = sanitizeRules('strict', [], ORIGIN, (id) => (tags[id] ? el(tags[id]) : null));
  const change = (id: number) => ({ id, attributes: { href: 'https://other.example/u/anna?x=1', 'data-user': 'anna' } as Record<string, unknown> });
  const mutation = { type: 3, data: { source: 0, adds: [], attributes: [change(1), change(2), change(3)] } };
  sanitizeEvent(rules, mutation);
  const [a, link, unknown] = mutation.data.attributes.map((c) => c.attributes);
  assert.deepEqual(a, { href: 'https://other.example', 'data-user': maskText('anna') });
  assert.deepEqual(link, { href: 'https://other.example/u/anna?x=***', 'data-user': maskText('anna') });
  assert.equal(unknown!.href, 'https://other.example', 'an href of an unknown node is read as a link');
});

test('the page URL in a meta event is cut by mode', () => {
  const meta = () => ({ type: 4, data: { href: 'https://shop.example/reset?email=ann@example.com&step=2&page=3&utm_source=mail', width: 1, height: 1 } });
  assert.equal(sanitizeEvent(balanced, meta()).data.href, 'https://shop.example/reset?email=***&step=2&page=3&utm_source=mail');
  assert.equal(sanitizeEvent(strict, meta()).data.href, 'https://shop.example/reset?email=***&step=***&page=3&utm_source=mail');
});

test('strict with safe image addresses: an image recorded for its address keeps it only when it is really under one', async () => {
  const { safeImageMatcher } = await import('../../contract/safe-images.ts');
  const marked = new Set([4]);
  const images = { safe: safeImageMatcher(['https://cdn.example/products/'], [ORIGIN]), marked: (id: number) => marked.has(id), size: () => ({ width: 60, height: 20 }) };
  const rules = sanitizeRules('strict', [], ORIGIN, (id) => (id === 9 ? el('img') : null), images);
  const img = (id: number, attributes: Record<string, unknown>) => ({ type: 2, id, tagName: 'img', attributes, childNodes: [] });
  const snapshot = { type: 2, data: { node: { type: 0, childNodes: [
    img(1, { src: 'https://cdn.example/products/shoe.png', srcset: 'https://cdn.example/products/shoe-2x.png 2x, https://cdn.example/avatars/me.png 3x' }),
    // rrweb records absolute URLs: the dot segments of a written src are gone, and so is the prefix.
    img(2, { src: 'https://cdn.example/avatars/trick.png', class: 'pic', alt: 'x' }),
    img(3, { src: 'https://cdn.example.evil/products/x.png' }),
    img(4, { src: 'https://anywhere.example/marked.png' }),
  ] } } };
  sanitizeEvent(rules, snapshot);
  const [shoe, trick, lookalike, byMarker] = snapshot.data.node.childNodes.map((n) => n.attributes);
  assert.deepEqual(shoe, { src: 'https://cdn.example/products/shoe.png', srcset: 'https://cdn.example/products/shoe-2x.png 2x' });
  assert.deepEqual(trick, { class: 'pic', rr_width: '60px', rr_height: '20px' }, 'a same-size box, its address gone');
  assert.deepEqual(lookalike, { rr_width: '60px', rr_height: '20px' });
  assert.equal(byMarker!.src, 'https://anywhere.example/marked.png', 'data-einblick-unmask still marks any image safe');
  const change = { type: 3, data: { source: 0, adds: [], attributes: [{ id: 9, attributes: { src: 'https://cdn.example/avatars/new.png' } as Record<string, unknown> }] } };
  sanitizeEvent(rules, change);
  assert.equal(change.data.attributes[0]!.attributes.src, null, 'a later change to an unsafe address is dropped');
});
