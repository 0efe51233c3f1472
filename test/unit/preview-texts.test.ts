// The privacy preview's list: every text a recording would store unmasked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUnmasked, unmaskedTexts, type SerializedNode } from '../../server/preview/stored-texts.ts';

let id = 1;
const el = (tagName: string, attributes: Record<string, string>, ...childNodes: SerializedNode[]): SerializedNode => ({ type: 2, tagName, attributes, childNodes, id: id++ });
const text = (textContent: string, isStyle = false): SerializedNode => ({ type: 3, textContent, id: id++, ...(isStyle ? { isStyle } : {}) });

test('masked text (stars and spaces) is not listed; anything else is', () => {
  assert.equal(isUnmasked('***** ** *****'), false);
  assert.equal(isUnmasked('  \n'), false);
  assert.equal(isUnmasked('Write to ***************'), true);
});

test('lists text nodes and text attributes in document order, and counts the masked ones', () => {
  const doc = {
    type: 0,
    childNodes: [
      el(
        'html',
        {},
        el('head', {}, el('style', {}, text('body { content: "x" }', true)), el('title', {}, text('*****'))),
        el(
          'body',
          { 'data-einblick-unmask': '' },
          el('h1', { id: 'welcome', class: 'big hero' }, text('Welcome')),
          el('p', {}, text('Mail ********************')),
          el('img', { alt: 'A red boot', src: 'https://shop.example/boot.png' }),
          el('input', { value: '****', placeholder: 'Your name', type: 'text' }),
          el('div', { 'data-user': 'Jane Doe', 'data-rr-is-password': 'true', class: 'profile' }),
          el('script', {}, text('SCRIPT_PLACEHOLDER')),
        ),
      ),
    ],
  };
  const { texts, total, masked } = unmaskedTexts(doc);
  assert.deepEqual(texts, [
    { kind: 'text', element: 'h1#welcome.big', text: 'Welcome' },
    { kind: 'text', element: 'p', text: 'Mail ********************' },
    { kind: 'attribute', element: 'img', attribute: 'alt', text: 'A red boot' },
    { kind: 'attribute', element: 'input', attribute: 'placeholder', text: 'Your name' },
    { kind: 'attribute', element: 'div.profile', attribute: 'data-user', text: 'Jane Doe' },
  ]);
  assert.equal(masked, 2, 'the title and the input value are masked');
  assert.equal(total, 7);
});

test('a very deep document does not overflow the stack', () => {
  let node = text('deep text');
  for (let i = 0; i < 50_000; i++) node = el('div', {}, node);
  assert.deepEqual(unmaskedTexts({ type: 0, childNodes: [node] }).texts.map((t) => t.text), ['deep text']);
});
