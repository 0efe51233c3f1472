// Masked text: one stand-in per character, by width class, so lines break as on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMaskedText, maskText } from '../../contract/mask-text.ts';

test('every letter and digit is replaced; whitespace and break characters stay', () => {
  const text = 'Mimi Müller-Lüdenscheid, 10115 Berlin?\u00a0Ja\u00adwohl\u2014gern.\n\tSiehe https://x.example/a';
  const masked = maskText(text);
  assert.equal([...masked].length, [...text].length);
  assert.doesNotMatch(masked, /[A-Za-z0-9]/, 'no plain letter or digit is left');
  for (const keep of ['-', '?', '\u00a0', '\u00ad', '\u2014', '\n\t']) assert.ok(masked.includes(keep), `${JSON.stringify(keep)} is kept`);
  assert.equal(masked.split(' ').length, text.split(' ').length);
});

test('words of one shape mask alike: the output depends on width classes only', () => {
  assert.equal(maskText('bone'), maskText('done'));
  assert.equal(maskText('Mill'), maskText('Will'));
  assert.notEqual(maskText('nine'), 'nine', 'stand-ins are not plain letters, so no word masks to itself');
});

test('narrow, normal and wide letters get different stand-ins', () => {
  const [narrow, normal, wide, capital, wideCapital] = ['i', 'n', 'm', 'B', 'W'].map(maskText);
  assert.equal(new Set([narrow, normal, wide, capital, wideCapital]).size, 5);
});

test('CJK and emoji become one wide stand-in each, combining marks none', () => {
  assert.equal([...maskText('日本語')].length, 3);
  assert.equal([...maskText('👍🏽')].length, 1);
  assert.equal(maskText('e\u0301'), maskText('e'));
});

test('masking is idempotent and recognised; real text is not', () => {
  for (const text of ['Hello, World!', 'Ünïcödé Straße 12', '日本語 👍', '']) {
    const masked = maskText(text);
    assert.equal(maskText(masked), masked);
    assert.equal(isMaskedText(masked), true, masked);
  }
  assert.equal(isMaskedText('***** ** *****'), true, 'stars of older recordings');
  assert.equal(isMaskedText('Write to ' + maskText('ann@example.com')), false, 'partly masked text is not masked');
  assert.equal(isMaskedText('nine'), false);
});
