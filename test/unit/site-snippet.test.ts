// The tag the Sites page and `npx einblick site add` hand out: it carries the site's own
// privacy mode, query keys and safe image prefixes, so the browser masks what the server
// would anyway and sends the images the server captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteSnippet } from '../../contract/site-snippet.ts';
import { parseSafeImages } from '../../recorder/safe-images.ts';

test('a strict site without query keys gets the plain tag', () => {
  assert.equal(siteSnippet('https://einblick.example/', { key: 'abc_-1', privacy: 'strict', pageQueryKeys: [], safeImages: [] }), '<script src="https://einblick.example/einblick.js" data-site="abc_-1" defer></script>');
});

test('a balanced site with query keys says both', () => {
  assert.equal(
    siteSnippet('http://127.0.0.1:8080', { key: 'k', privacy: 'balanced', pageQueryKeys: ['page', 'tab'], safeImages: [] }),
    '<script src="http://127.0.0.1:8080/einblick.js" data-site="k" data-privacy="balanced" data-query-keys="page,tab" defer></script>',
  );
});

test('safe image prefixes go into data-safe-images, space-separated as the recorder reads them', () => {
  assert.equal(
    siteSnippet('https://einblick.example', { key: 'k', privacy: 'strict', pageQueryKeys: ['page'], safeImages: ['https://cdn.shop.example/products/', '/static/icons/'] }),
    '<script src="https://einblick.example/einblick.js" data-site="k" data-query-keys="page" data-safe-images="https://cdn.shop.example/products/ /static/icons/" defer></script>',
  );
});

test('the tag\'s safe images are the ones the recorder then records', () => {
  const tag = siteSnippet('https://einblick.example', { key: 'k', privacy: 'strict', pageQueryKeys: [], safeImages: ['https://cdn.shop.example/products/', '/static/icons/'] });
  const value = /data-safe-images="([^"]*)"/.exec(tag)?.[1] ?? '';
  assert.deepEqual(parseSafeImages(value), ['https://cdn.shop.example/products/', '/static/icons/']);
});

test('quotes and angle brackets cannot leave an attribute', () => {
  const tag = siteSnippet('https://x.example', { key: '"><img src=x onerror=alert(1)>', privacy: 'strict', pageQueryKeys: [], safeImages: [] });
  assert.equal(tag, '<script src="https://x.example/einblick.js" data-site="&quot;>&lt;img src=x onerror=alert(1)>" defer></script>');
});
