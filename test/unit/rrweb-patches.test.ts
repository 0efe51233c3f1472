// The build's guard around its patches of @rrweb/record (recorder/build/rrweb-unused.mjs):
// another file than the one they were written for, a patch that no longer applies, or
// record.js not loaded at all each fail the build, with what to do (docs/upgrading-rrweb.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PATCHED_FOR, checkRecordJs, rrwebPatches, sha256, trimRrweb } from '../../recorder/build/rrweb-unused.mjs';

const recordJs = createRequire(import.meta.url).resolve('@rrweb/record').replace(/record\.c?js$/, 'record.js');
const src = readFileSync(recordJs, 'utf8');

test('the installed record.js is the file the patches were written for, and every patch applies', () => {
  assert.equal(sha256(src), PATCHED_FOR.sha256);
  const out = trimRrweb(src);
  assert.match(out, /record\.finishMutations = /);
  assert.doesNotMatch(out, /class CanvasManager \{\n/);
});

test('another record.js is refused before any patch is tried, with the way out', () => {
  assert.throws(() => checkRecordJs(`${src}\n`, recordJs), /not the @rrweb\/record 2\.1\.6 file[\s\S]*docs\/upgrading-rrweb\.md/);
});

test('every patch that does not apply is listed at once, by group and reason', () => {
  const broken = src
    .replace('function initFontObserver({ fontCb, doc }) {', 'function initFontObserver({ doc, fontCb }) {')
    .replace('if (tagName === "img" && inlineImages) {', 'if (inlineImages && tagName === "img") {')
    .replace('  isFrozen() {\n', '  isFrozen() {\n  }\n  isFrozen() {\n');
  assert.throws(() => trimRrweb(broken), (err: Error) => {
    assert.match(err.message, /3 patch\(es\)/);
    assert.match(err.message, /cut \(collectFonts: false\): found 0 times/);
    assert.match(err.message, /fixed condition \(inlineImages: false\): found 0 times/);
    assert.match(err.message, /change \(slices\): found 2 times/);
    return true;
  });
});

test('a rebuild of the same source that renumbers generated names still patches the same', () => {
  const renumber = (s: string) => s.replaceAll('__publicField', '__publicField2').replace(/\bparentNode22\b/g, 'parentNode31').replace(/\b_a2\b/g, '_a5').replace(/\bindex\./g, 'index$1.').replace('const index = {', 'const index$1 = {');
  assert.equal(trimRrweb(renumber(src)), renumber(trimRrweb(src)));
});

const bundle = (plugin: ReturnType<typeof rrwebPatches>, contents: string) =>
  build({ stdin: { contents, resolveDir: process.cwd(), loader: 'js' }, bundle: true, write: false, logLevel: 'silent', plugins: [plugin] });

test('a build whose record.js was never loaded fails instead of shipping rrweb unpatched', async () => {
  await assert.rejects(bundle(rrwebPatches(), 'console.log(1)'), /record\.js was never loaded/);
});

test('a build given another record.js fails on its checksum', async () => {
  const other = join(mkdtempSync(join(tmpdir(), 'rrweb-')), 'record.js');
  writeFileSync(other, src.replace('class BaseRRNode {', 'class BaseRRNode { }'));
  await assert.rejects(bundle(rrwebPatches({ recordJs: other }), "import { record } from '@rrweb/record'; console.log(record)"), /sha256 [0-9a-f]{64}, expected e8d33f05/);
});
