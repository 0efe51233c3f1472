// The viewer's HTML per route (server/http/viewer-page.ts) and the build manifest it reads
// (viewer/build/manifest.mjs): what a replay asks for first is requested by the HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { viewerHead, viewerPage, type ViewerManifest } from '../../server/http/viewer-page.ts';
import { viewerManifest } from '../../viewer/build/manifest.mjs';

const manifest: ViewerManifest = {
  script: 'main-AAAAAAAA.js',
  style: 'main-BBBBBBBB.css',
  modules: {
    main: ['main-AAAAAAAA.js', 'chunks/chunk-CCCCCCCC.js'],
    replay: ['chunks/replay-DDDDDDDD.js', 'chunks/chunk-CCCCCCCC.js', 'chunks/chunk-EEEEEEEE.js'],
    heatmaps: ['chunks/heatmaps-FFFFFFFF.js', 'chunks/chunk-EEEEEEEE.js'],
  },
};
const links = (html: string, rel: string) => [...html.matchAll(new RegExp(`<link rel="${rel}"[^>]* href="([^"]+)"`, 'g'))].map((m) => m[1]!.replaceAll('&amp;', '&'));
const none = new URLSearchParams();

test('a replay route preloads its session, its first segment, who is signed in and the replay page’s modules, each once', () => {
  const head = viewerHead(manifest, '/viewer/sessions/s_1-x', none);
  assert.deepEqual(links(head, 'preload'), ['/api/v1/sessions/s_1-x/events?from=0&until=0', '/api/v1/auth/me', '/api/v1/sessions/s_1-x']);
  assert.match(head, /<link rel="preload" as="fetch" crossorigin href="\/api\/v1\/sessions\/s_1-x\/events\?from=0&amp;until=0">/, 'fetch preloads are CORS, as fetch() asks');
  assert.deepEqual(links(head, 'modulepreload'), ['/viewer/assets/chunks/chunk-CCCCCCCC.js', '/viewer/assets/chunks/replay-DDDDDDDD.js', '/viewer/assets/chunks/chunk-EEEEEEEE.js']);
  assert.match(head, /<link rel="stylesheet" href="\/viewer\/assets\/main-BBBBBBBB.css">/);
  assert.match(head, /<script type="module" src="\/viewer\/assets\/main-AAAAAAAA.js"><\/script>/);
});

test('a replay opened at a moment preloads no segment: which one depends on the session’s start', () => {
  const head = viewerHead(manifest, '/viewer/sessions/abc', new URLSearchParams('t=61000'));
  assert.deepEqual(links(head, 'preload'), ['/api/v1/auth/me', '/api/v1/sessions/abc']);
});

test('other routes preload only who is signed in and their own modules; odd ids are never put into a URL', () => {
  assert.deepEqual(links(viewerHead(manifest, '/viewer/', none), 'preload'), ['/api/v1/auth/me']);
  assert.deepEqual(links(viewerHead(manifest, '/viewer/', none), 'modulepreload'), ['/viewer/assets/chunks/chunk-CCCCCCCC.js']);
  assert.deepEqual(links(viewerHead(manifest, '/viewer/heatmaps', none), 'modulepreload'), ['/viewer/assets/chunks/chunk-CCCCCCCC.js', '/viewer/assets/chunks/heatmaps-FFFFFFFF.js', '/viewer/assets/chunks/chunk-EEEEEEEE.js']);
  const odd = viewerHead(manifest, '/viewer/sessions/%22%3E%3Cscript%3E', none);
  assert.deepEqual(links(odd, 'preload'), ['/api/v1/auth/me']);
  assert.ok(!odd.includes('"><script>') && !odd.includes('/sessions/'), odd);
});

test('the page is the template with its assets comment replaced', () => {
  const html = viewerPage('<head>\n    <!-- einblick:assets (note) -->\n  </head><body></body>', manifest, '/viewer/', none);
  assert.doesNotMatch(html, /einblick:assets/);
  assert.match(html, /^<head>\n    <link rel="preload"/);
  assert.match(html, /chunk-CCCCCCCC.js">\n  <\/head><body><\/body>$/);
  assert.throws(() => viewerPage('<head></head>', manifest, '/viewer/', none), /assets comment/);
});

test('the manifest lists each page’s static imports, not what it loads on demand', () => {
  const out = (imports: [string, string][], extra: object = {}) => ({ imports: imports.map(([path, kind]) => ({ path, kind })), ...extra });
  const metafile = {
    inputs: {},
    outputs: {
      'dist/viewer/main-A.js': out([['dist/viewer/chunks/chunk-C.js', 'import-statement'], ['dist/viewer/chunks/replay-D.js', 'dynamic-import']], { entryPoint: 'viewer/main.ts', cssBundle: 'dist/viewer/main-B.css' }),
      'dist/viewer/main-A.js.map': out([]),
      'dist/viewer/main-B.css': out([]),
      'dist/viewer/chunks/replay-D.js': out([['dist/viewer/chunks/chunk-C.js', 'import-statement'], ['dist/viewer/chunks/chunk-E.js', 'import-statement']], { entryPoint: 'viewer/pages/replay/replay.ts' }),
      'dist/viewer/chunks/chunk-C.js': out([['dist/viewer/chunks/chunk-E.js', 'import-statement']]),
      'dist/viewer/chunks/chunk-E.js': out([]),
    },
  };
  assert.deepEqual(viewerManifest(metafile as never, 'dist/viewer'), {
    script: 'main-A.js',
    style: 'main-B.css',
    modules: { main: ['main-A.js', 'chunks/chunk-C.js', 'chunks/chunk-E.js'], replay: ['chunks/replay-D.js', 'chunks/chunk-C.js', 'chunks/chunk-E.js'] },
  });
});
