// An esbuild plugin for the recorder bundle: takes out of @rrweb/record 2.1.6 the code
// that the options in recorder/capture.ts switch off, so visitors do not download it.
// Each cut names the option that makes the code unreachable; each must match the
// pinned rrweb source exactly, or the build fails (a new rrweb version needs a look).
// Measured (gzip -9): dist/einblick-recorder.js 29,922 → 25,413 bytes; @rrweb/record alone 22,994 → 18,442.
// The image-bitmap worker source (a string the minifier could not drop) took 983 bytes more.
import { readFileSync } from 'node:fs';

/** [why, first line of the code to replace, the line that follows it, replacement] */
const CUTS = [
  // recordCanvas: false. The manager only observes canvases when it is on; what
  // record() calls on it (freeze, lock, reset...) does nothing then. Takes the 2D/WebGL
  // patches, the argument serializer and the inlined image-bitmap worker with it.
  ['recordCanvas: false', 'class CanvasManager {', 'class StylesheetManager {', 'class CanvasManager { reset() {} freeze() {} unfreeze() {} lock() {} unlock() {} }\n'],
  // ... and the image-bitmap worker's source, which only that manager starts (new Blob of it ran on every page load).
  ['recordCanvas: false', 'const jsContent = ', 'class CanvasManager {', ''],
  // recordCrossOriginIframes: false. handleMessage is only registered when it is on,
  // and the id rewriting below it serves only cross-origin frames' events.
  ['recordCrossOriginIframes: false', '  handleMessage(message) {', '}\nclass ShadowDomManager {', '  handleMessage() {}\n'],
  // ... and the mirrors of cross-origin frames' ids are used only by that rewriting (and by plugins: none).
  ['recordCrossOriginIframes: false', 'class CrossOriginIframeMirror {', 'class IframeManager {', 'class CrossOriginIframeMirror {}\n'],
  // collectFonts: false. initObservers calls this only when it is on.
  ['collectFonts: false', 'function initFontObserver({ fontCb, doc }) {', 'function initSelectionObserver(param) {', 'function initFontObserver() { return () => {}; }\n'],
  // rrdom's node base class: the record half never creates one, it only tests instanceof.
  ['never constructed', 'class BaseRRNode {', 'function on(type, fn, target = document) {', 'class BaseRRNode {}\n'],
  // The deprecated global mirror that warns when read: nothing in @rrweb/record reads or exports it.
  ['never read', 'const DEPARTED_MIRROR_ACCESS_WARNING =', 'function throttle(func, wait, options = {}) {', ''],
  // No hooks option: mergeHooks only wraps each callback to call a hook first.
  ['no hooks', 'function mergeHooks(o, hooks) {', 'function initObservers(o, hooks = {}) {', 'function mergeHooks() {}\n'],
];

/** Conditions whose value our options fix: the minifier then drops the dead branches. */
const FIXED = [
  ['recordCanvas: false', 'if (tagName === "canvas" && recordCanvas) {', 'if (false) {'],
  ['inlineImages: false', 'if (tagName === "img" && inlineImages) {', 'if (false) {'],
  // Options capture.ts never passes: the deprecated mousemoveWait, checkoutEveryNth, packFn.
  ['no mousemoveWait', 'if (mousemoveWait !== void 0 && sampling.mousemove === void 0) {', 'if (false) {'],
  ['no checkoutEveryNth', 'const exceedCount = checkoutEveryNth && incrementalSnapshotCount >= checkoutEveryNth;', 'const exceedCount = false;'],
  ['no packFn', 'if (packFn && // Disable packing events which will be emitted to parent frames.', 'if (false && // packFn is never passed'],
  // Only a recorder inside a cross-origin frame passes its events to the parent.
  ['recordCrossOriginIframes: false', 'const inEmittingFrame = recordCrossOriginIframes ? window.parent === window : true;', 'const inEmittingFrame = true;'],
];

export function trimRrweb(src) {
  for (const [why, from, to, replacement] of CUTS) {
    const a = src.indexOf(from);
    const z = a < 0 ? -1 : src.indexOf(to, a);
    if (a < 0 || z < 0 || src.indexOf(from, a + 1) >= 0) throw new Error(`rrweb-unused (${why}): "${from}" not found once in @rrweb/record`);
    src = src.slice(0, a) + replacement + src.slice(z);
  }
  for (const [why, condition, value] of FIXED) {
    if (src.split(condition).length !== 2) throw new Error(`rrweb-unused (${why}): "${condition}" not found once in @rrweb/record`);
    src = src.replace(condition, value);
  }
  return src;
}

export const rrwebUnused = {
  name: 'rrweb-unused',
  setup(build) {
    build.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, (args) => ({ contents: trimRrweb(readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};
