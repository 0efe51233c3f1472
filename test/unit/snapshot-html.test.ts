// The recorded page as static HTML for the heatmap screenshots: it looks like the
// page, and nothing in it can run, navigate or call a host on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotHtml, type SerializedNode } from '../../server/heatmap/snapshot-html.ts';
import { pageScreenshots } from '../../server/page-screenshots.ts';

const el = (tagName: string, attributes: SerializedNode['attributes'] = {}, childNodes: SerializedNode[] = []): SerializedNode => ({ type: 2, tagName, attributes, childNodes });
const text = (textContent: string): SerializedNode => ({ type: 3, textContent });

const page: SerializedNode = {
  type: 0,
  childNodes: [
    { type: 1 },
    el('html', {}, [
      el('head', {}, [
        el('link', { rel: 'stylesheet', href: 'https://shop.example/a.css', _cssText: 'header { background: #123456 } a > b {}' }),
        el('style', {}, [text('p { color: red } </style><script>alert(1)</script>')]),
        el('script', { src: 'https://evil.example/x.js' }, [text('alert(2)')]),
        el('meta', { 'http-equiv': 'refresh', content: '0; url=https://evil.example' }),
        el('base', { href: 'https://evil.example/' }),
        el('link', { rel: 'preload', as: 'script', href: 'https://evil.example/p.js' }),
      ]),
      el('body', { onload: 'alert(3)' }, [
        el('header', { class: 'top', onclick: 'alert(4)' }, [text('Prices <b>&</b>')]),
        el('a', { href: 'javascript:alert(5)' }, [text('link')]),
        el('div', { class: 'blocked', rr_width: '300px', rr_height: '80px', style: 'color: blue' }),
        el('iframe', { src: 'https://evil.example/frame' }, [el('p', {}, [text('inner')])]),
        el('noscript', {}, [text('Please enable JavaScript')]),
        el('img', { src: '/logo.png', alt: 'Logo' }),
        el('textarea', { value: '*****' }),
        el('input', { type: 'checkbox', checked: true, disabled: false }),
      ]),
    ]),
  ],
};

test('a recorded page becomes static HTML that looks like it, with nothing that runs', () => {
  const html = snapshotHtml(page, 'https://shop.example/pricing?x=1');
  assert.match(html, /^<!DOCTYPE html><html><head><base href="https:\/\/shop.example\/pricing\?x=1">/);
  assert.ok(html.includes('<style>header { background: #123456 } a > b {}</style>'), 'a stylesheet link becomes its recorded rules');
  assert.ok(html.includes('<style>p { color: red } <\\/style><script>'), 'a closing tag inside CSS cannot end the style element');
  assert.ok(html.includes('<header class="top">Prices &lt;b&gt;&amp;&lt;/b&gt;</header>'), 'text is escaped, handlers are gone');
  assert.ok(html.includes('style="color: blue; width: 300px; height: 80px"'), 'a blocked element keeps its size');
  assert.ok(html.includes('<img src="/logo.png" alt="Logo">'));
  assert.ok(html.includes('<textarea autocomplete="off">*****</textarea>'));
  assert.ok(html.includes('<input type="checkbox" checked autocomplete="off">'));
  assert.ok(html.includes('<iframe></iframe>'), 'a frame keeps its box but loads nothing');
  for (const banned of [/alert\((2|3|4|5)\)/, /evil\.example/, /<script src/, /onload|onclick/, /javascript:/, /Please enable/]) {
    assert.doesNotMatch(html.replace('<\\/style><script>alert(1)</script>', ''), banned);
  }
});

test('with screenshots off, or no Chromium where it should be, there is no screenshot (the PNG uses the outline)', async () => {
  const job = { key: 'k', html: async () => '<p>x</p>', viewportWidth: 800, viewportHeight: 600, allowedOrigins: [] };
  assert.equal(await pageScreenshots({ enabled: false, chromiumPath: '/usr/bin/chromium' }).take(job), null);
  assert.equal(await pageScreenshots({ enabled: true, chromiumPath: '/nowhere/chromium' }).take(job), null);
});
