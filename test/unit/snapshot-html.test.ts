// The recorded page as static HTML for the heatmap screenshots: it looks like the
// page, and nothing in it can run, navigate or call a host on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotHtml, type SerializedNode } from '../../server/heatmaps/snapshot-html.ts';
import { pageScreenshots } from '../../server/heatmaps/page-screenshots.ts';
import { allowList } from '../../server/egress/allow-list.ts';
import { launchBrowser } from '../helpers/browser.ts';

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
  assert.ok(html.includes('<style>p { color: red } \\3c /style>\\3c script>'), 'a closing tag inside CSS cannot end the style element');
  assert.ok(html.includes('<header class="top">Prices &lt;b&gt;&amp;&lt;/b&gt;</header>'), 'text is escaped, handlers are gone');
  assert.ok(html.includes('style="color: blue; width: 300px; height: 80px"'), 'a blocked element keeps its size');
  assert.ok(html.includes('<img src="/logo.png" alt="Logo">'));
  assert.ok(html.includes('<textarea autocomplete="off">*****</textarea>'));
  assert.ok(html.includes('<input type="checkbox" checked autocomplete="off">'));
  assert.ok(html.includes('<iframe></iframe>'), 'a frame keeps its box but loads nothing');
  for (const banned of [/alert\((2|3|4|5)\)/, /evil\.example/, /<script src/, /onload|onclick/, /javascript:/, /Please enable/]) {
    assert.doesNotMatch(html.replace('\\3c /style>\\3c script>alert(1)\\3c /script>', ''), banned);
  }
});

test('with screenshots off, or no Chromium where it should be, there is no screenshot (the PNG uses the outline)', async () => {
  const job = { key: 'k', html: async () => '<p>x</p>', viewportWidth: 800, viewportHeight: 600, allow: allowList({ own: [], sites: [] }) };
  assert.equal(await pageScreenshots({ enabled: false, chromiumPath: '/usr/bin/chromium' }).take(job), null);
  assert.equal(await pageScreenshots({ enabled: true, chromiumPath: '/nowhere/chromium' }).take(job), null);
});

/** What Chromium's own parser makes of the HTML: every element, as namespace:tag. */
async function parsedElements(html: string): Promise<{ elements: string[]; iframes: number; styleTexts: string[] }> {
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext({ javaScriptEnabled: true, offline: true })).newPage();
    // Parsed in an inert document: nothing loads, nothing runs.
    return await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, 'text/html');
      const all = [...doc.querySelectorAll('*')];
      return {
        elements: all.map((e) => `${e.namespaceURI === 'http://www.w3.org/2000/svg' ? 'svg' : e.namespaceURI === 'http://www.w3.org/1998/Math/MathML' ? 'math' : 'html'}:${e.localName}`),
        iframes: doc.querySelectorAll('iframe').length,
        styleTexts: [...doc.querySelectorAll('style')].map((s) => s.textContent ?? ''),
      };
    }, html);
  } finally {
    await browser.close();
  }
}

const hostilePage = (body: SerializedNode[]): SerializedNode => ({ type: 0, childNodes: [{ type: 1 }, el('html', {}, [el('head'), el('body', {}, body)])] });
const planted = '</style></svg></math><iframe src="https://evil.example/x"></iframe><img src="https://evil.example/i">';

test('no recorded text becomes markup: style in SVG and MathML, RCDATA elements, elements nested in raw text', async () => {
  const html = snapshotHtml(
    hostilePage([
      el('svg', {}, [el('style', {}, [text(`rect > a { fill: red } ${planted}`)]), el('title', {}, [text(planted)]), el('text', {}, [text(planted)])]),
      el('math', {}, [el('mi', {}, [el('style', {}, [text(planted)])])]),
      el('svg', {}, [el('foreignObject', {}, [el('style', {}, [text(planted)]), el('textarea', {}, [el('style', {}, [text(`</textarea>${planted}`)])])])]),
      el('textarea', {}, [el('style', {}, [text(`</textarea>${planted}`)])]),
      el('title', {}, [el('b', {}, [text(`</title>${planted}`)])]),
      el('style', {}, [text(`p::after { content: "<" } ${planted}`)]),
      el('noembed', {}, [text(`</noembed>${planted}`)]),
      el('xmp', {}, [text(`</xmp>${planted}`)]),
      el('div', { title: `"><iframe src="https://evil.example/a">`, 'x"y': 'z' }, [text(planted)]),
      { type: 5, textContent: `--><iframe src="https://evil.example/c">` },
      { type: 4, textContent: `]]><iframe src="https://evil.example/d">` },
    ]),
    'https://shop.example/',
  );
  const parsed = await parsedElements(html);
  assert.equal(parsed.iframes, 0, 'no recorded text planted a frame');
  assert.ok(!parsed.elements.includes('html:img'), `no recorded text planted an image: ${parsed.elements.join(' ')}`);
  assert.ok(parsed.styleTexts.some((t) => t.startsWith('rect > a { fill: red }')), 'CSS inside SVG still reads as written');
  assert.ok(parsed.styleTexts.some((t) => t.startsWith('p::after { content: "\\3c " }')), 'a "<" in page CSS is the CSS escape of "<"');
});
