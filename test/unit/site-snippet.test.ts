// The tag the Sites page and `npx einblick site add` hand out: it carries the site's own
// privacy mode and query keys, so the browser masks what the server would anyway.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteSnippet } from '../../contract/site-snippet.ts';

test('a strict site without query keys gets the plain tag', () => {
  assert.equal(siteSnippet('https://einblick.example/', { key: 'abc_-1', privacy: 'strict', pageQueryKeys: [] }), '<script src="https://einblick.example/einblick.js" data-site="abc_-1" defer></script>');
});

test('a balanced site with query keys says both', () => {
  assert.equal(
    siteSnippet('http://127.0.0.1:8080', { key: 'k', privacy: 'balanced', pageQueryKeys: ['page', 'tab'] }),
    '<script src="http://127.0.0.1:8080/einblick.js" data-site="k" data-privacy="balanced" data-query-keys="page,tab" defer></script>',
  );
});

test('quotes and angle brackets cannot leave an attribute', () => {
  const tag = siteSnippet('https://x.example', { key: '"><img src=x onerror=alert(1)>', privacy: 'strict', pageQueryKeys: [] });
  assert.equal(tag, '<script src="https://x.example/einblick.js" data-site="&quot;>&lt;img src=x onerror=alert(1)>" defer></script>');
});
