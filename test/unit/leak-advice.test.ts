// How the Leaks page words a leak's place and its fix (viewer/pages/leaks/leak-advice.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leakFix, leakPlace } from '../../viewer/pages/leaks/leak-advice.ts';

test('text of a named element: mask that element', () => {
  assert.equal(leakPlace({ element: 'p.note', field: 'text' }), 'text of p.note');
  assert.equal(leakFix({ element: 'p.note', field: 'text' }), 'Add data-einblick-mask to p.note: its text is then masked in the browser.');
});

test('a later text change names no element: find it in a replay', () => {
  assert.equal(leakPlace({ element: '', field: 'text' }), 'text changed after the page loaded');
  assert.match(leakFix({ element: '', field: 'text' }), /find it in a replay of this page/);
});

test('an attribute: data-einblick-mask does not cover it, so keep it out or block the element', () => {
  assert.equal(leakPlace({ element: 'a#contact', field: 'title' }), 'title attribute of a#contact');
  assert.match(leakFix({ element: 'a#contact', field: 'title' }), /keep personal data out of the title attribute of a#contact, or add data-einblick-block/);
});

test('an input value', () => {
  assert.equal(leakPlace({ element: '', field: 'input' }), 'typed value');
  assert.match(leakFix({ element: '', field: 'input' }), /not a real input: add data-einblick-mask to it/);
});
