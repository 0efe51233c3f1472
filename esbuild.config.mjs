// Builds the browser bundles into dist/: the consent stub (einblick.js), the
// recorder it loads after consent, and the viewer. Prints gzipped sizes,
// because what a visitor downloads is a product promise (DESIGN: stub ≤ 2 KB).
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

// Chunk names carry hashes: clear the old ones so dist/ holds one build.
rmSync('dist/viewer', { recursive: true, force: true });
import { gzipSync } from 'node:zlib';
import { rrwebUnused } from './recorder/build/rrweb-unused.mjs';
import { viewerManifest } from './viewer/build/manifest.mjs';

const outdir = 'dist';
const common = { bundle: true, minify: true, target: ['es2020'], legalComments: 'none', logLevel: 'warning' };

const [, , , viewer] = await Promise.all([
  // Without "use strict" (9 bytes gzipped of a 2 KB budget): the stub relies on no strict-only behaviour, and TypeScript checks it.
  build({ ...common, entryPoints: { einblick: 'recorder/stub.ts' }, outdir, format: 'iife', tsconfigRaw: { compilerOptions: { alwaysStrict: false, verbatimModuleSyntax: true } } }),
  // rrweb without the code our record options switch off (recorder/build/rrweb-unused.mjs).
  build({ ...common, entryPoints: { 'einblick-recorder': 'recorder/index.ts' }, outdir, format: 'iife', plugins: [rrwebUnused] }),
  // The survey widget: loaded by the recorder only when a survey is due.
  build({ ...common, entryPoints: { 'einblick-survey': 'recorder/survey/widget.ts' }, outdir, format: 'iife' }),
  build({
    ...common,
    entryPoints: { main: 'viewer/main.ts' },
    outdir: `${outdir}/viewer`,
    format: 'esm',
    // The replay and heatmap pages are imported on demand: the sessions list loads without rrweb.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // Hashed names, so the server can let browsers keep them for good (server/routes/static.ts);
    // the HTML names them through the manifest (server/http/viewer-page.ts).
    entryNames: '[name]-[hash]',
    metafile: true,
    target: ['es2022'],
    sourcemap: true,
    loader: { '.css': 'css' },
  }),
]);

const manifest = viewerManifest(viewer.metafile, `${outdir}/viewer`);
writeFileSync(`${outdir}/viewer/manifest.json`, JSON.stringify(manifest, null, 2));

// Compressed once here, at level 9, and served as they are to browsers that accept gzip.
const gz = (file) => {
  const bytes = gzipSync(readFileSync(file), { level: 9 });
  writeFileSync(`${file}.gz`, bytes);
  return bytes.length;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB (${n} bytes)`;
for (const [label, file] of [
  ['consent stub   dist/einblick.js', `${outdir}/einblick.js`],
  ['recorder       dist/einblick-recorder.js', `${outdir}/einblick-recorder.js`],
  ['survey widget  dist/einblick-survey.js', `${outdir}/einblick-survey.js`],
  [`viewer         dist/viewer/${manifest.script}`, `${outdir}/viewer/${manifest.script}`],
  [`viewer         dist/viewer/${manifest.style}`, `${outdir}/viewer/${manifest.style}`],
]) {
  console.log(`${label.padEnd(44)} ${kb(gz(file)).padStart(20)} gzipped`);
}
for (const name of readdirSync(`${outdir}/viewer/chunks`).filter((n) => n.endsWith('.js'))) {
  console.log(`${('viewer chunk   ' + name).padEnd(44)} ${kb(gz(`${outdir}/viewer/chunks/${name}`)).padStart(20)} gzipped`);
}
