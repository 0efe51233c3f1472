// An esbuild plugin for the recorder bundle: takes out of @rrweb/record 2.1.6 the code
// that the options in recorder/capture.ts switch off, so visitors do not download it.
// Each cut names the option that makes the code unreachable. The build fails on a record.js
// other than the one the patches were written for (PATCHED_FOR), on any patch whose anchor is
// not found exactly once, and when record.js is not loaded at all: docs/upgrading-rrweb.md.
// Measured (gzip -9): dist/einblick-recorder.js 29,922 → 25,413 bytes; @rrweb/record alone 22,994 → 18,442.
// The image-bitmap worker source (a string the minifier could not drop) took 983 bytes more.
import { createHash } from 'node:crypto';
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
  // No plugins option: their event processors, mirrors and observers.
  ['no plugins', '    for (const plugin of plugins || []) {\n      if (plugin.eventProcessor) {', '    if (packFn && //', ''],
  ['no plugins', '  for (const plugin of plugins || []) {\n    if (plugin.getMirror)', '  const processedNodeManager = new ProcessedNodeManager();', ''],
  ['no plugins', '  for (const plugin of o.plugins) {\n    pluginHandlers.push(', '  return callbackWrapper(() => {', ''],
  ['no plugins', '          plugins: ((_a2 = plugins == null ? void 0 : plugins.filter((p) => p.observer))', '        },\n        hooks\n      );', '          plugins: []\n'],
  // The bundle is ES2020: a browser that runs it has NodeList and DOMTokenList forEach.
  ['es2020', 'function polyfill(win = window) {', 'function isSerializedIframe(', 'function polyfill() {}\n'],
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
  // blockClass and maskTextClass are rrweb's defaults, strings: the RegExp branches (and classMatchesRegex) go.
  ['class options are strings', '    if (typeof blockClass === "string") {\n      if (element.classList.contains(blockClass)) {', '    if (true) {\n      if (element.classList.contains(blockClass)) {'],
  ['class options are strings', '    if (typeof blockClass === "string") {\n      if (el.classList.contains(blockClass)) return true;', '    if (true) {\n      if (el.classList.contains(blockClass)) return true;'],
  ['class options are strings', '    if (typeof maskTextClass === "string") {', '    if (true) {'],
];

/**
 * Not cuts but changes, for the visitor's main thread (measured in bench/main-thread.ts):
 * rrweb serializes all DOM changes of a task at once, inside the page's own task
 * (MutationObserver callbacks run at its end), so a 10,000-node re-render cost one task
 * of ~90 ms. Here a burst of over BURST_NODES adds is only noted in the page's task and
 * serialized in tasks of its own, SLICE_MS at a time. Nothing is emitted until the whole
 * burst is serialized, so the replay never shows a half-drawn change: it shows the page
 * as it was, then as it became. Changes elsewhere meanwhile join the burst; if the page
 * changes or removes nodes already serialized, the slices done are undone (their nodes
 * leave the mirror and are serialized afresh with the new changes), unless that has gone
 * on for STARVE_MS: then what is done goes out, so a page that never stops rewriting is
 * still recorded, if in pieces. A full snapshot supersedes whatever is pending instead of
 * serializing it first. A page being hidden or left finishes what is pending at once:
 * timers of a hidden page are throttled, and those of a page being left never run.
 */
const SLICE_MS = 10;
const BURST_NODES = 1000;
const STARVE_MS = 2000;
const CHANGES = [
  ['slices', '    __publicField(this, "frozen", false);\n', '    __publicField(this, "frozen", false);\n    __publicField(this, "done", []);\n    __publicField(this, "doneIds", new Set());\n    __publicField(this, "since", 0);\n'],
  ['slices', '      mutations.forEach(this.processMutation);\n      this.emit();\n',
    `      if (this.done.length && this.outdated(mutations)) this.since + ${STARVE_MS} < performance.now() ? this.emit(true) : this.undo();\n      mutations.forEach(this.processMutation);\n      this.addedSet.size > ${BURST_NODES} ? this.later() : this.emit();\n`],
  ['slices', '    __publicField(this, "emit", () => {\n      if (this.frozen || this.locked) {\n        return;\n      }\n      const adds = [];\n      const addedIds = /* @__PURE__ */ new Set();\n',
    '    __publicField(this, "emit", (flush) => {\n      if ((this.frozen || this.locked) && !flush) {\n        return;\n      }\n      const adds = this.done;\n      const addedIds = this.doneIds;\n'],
  // Moved nodes serialized in an earlier slice of this burst are not serialized again.
  ['slices', '        if (this.removesSubTreeCache.has(parentNode22) && !this.movedSet.has(parentNode22)) {\n',
    '        if (this.removesSubTreeCache.has(parentNode22) && !this.movedSet.has(parentNode22) || addedIds.has(this.mirror.getId(n2))) {\n'],
  // Out of time: moves not yet serialized stay moves (their nodes are in the mirror), the rest follows in a new task.
  ['slices', '      let curr = iter.next();\n      while (this.addedSet.size) {\n',
    `      let curr = iter.next();\n      const sliceEnd = this.unsliced ? Infinity : performance.now() + ${SLICE_MS};\n      while (this.addedSet.size) {\n        if (flush || performance.now() > sliceEnd) {\n          for (const m of this.movedSet) this.addedSet.delete(m) || flush && this.movedSet.delete(m);\n          if (flush) break;\n          this.since ||= performance.now();\n          return this.later();\n        }\n`],
  ['slices', `      if (!payload.texts.length && !payload.attributes.length && !payload.removes.length && !payload.adds.length) {
        return;
      }
      this.texts = [];
      this.attributes = [];
      this.attributeMap = /* @__PURE__ */ new WeakMap();
      this.removes = [];
      this.addedSet = /* @__PURE__ */ new Set();
      this.movedSet = /* @__PURE__ */ new Set();
      this.droppedSet = /* @__PURE__ */ new Set();
      this.removesSubTreeCache = /* @__PURE__ */ new Set();
      this.movedMap = {};
      this.mutationCb(payload);`, `      this.clear(flush);
      if (!payload.texts.length && !payload.attributes.length && !payload.removes.length && !payload.adds.length) {
        return;
      }
      this.mutationCb(payload);`],
  ['slices', '  isFrozen() {\n', `  /** One emit in a task of its own, however often asked for. */
  later() {
    this.timer ||= setTimeout(() => {
      this.timer = 0;
      this.emit();
    });
  }
  /**
   * Changes that make the slices done out of date: to one of their nodes, or removing one of
   * them or a node they were placed by (their parent or next sibling: the replayer would wait
   * for that node in vain, and drop the adds placed by it).
   */
  outdated(mutations) {
    const placedBy = new Set(this.done.flatMap((a) => [a.parentId, a.nextId]));
    const id = (n) => this.mirror.getId(n);
    return mutations.some((m) => this.doneIds.has(id(m.target)) || [...m.removedNodes].some((n) => this.doneIds.has(id(n)) || placedBy.has(id(n))));
  }
  /** The page is being left: what is pending, sliced or held, is serialized now, in this task. */
  finish() {
    clearTimeout(this.timer);
    this.timer = 0;
    this.frozen = false;
    this.unsliced = true;
    try {
      this.emit();
    } finally {
      this.unsliced = false;
    }
  }
  /** The slices done are out of date: their new nodes leave the mirror, to be serialized again. */
  undo() {
    for (const { node } of this.done) {
      const n = this.mirror.getNode(node.id);
      if (n && !this.movedSet.has(n)) {
        this.mirror.idNodeMap.delete(node.id);
        this.mirror.nodeMetaMap.delete(n);
        this.addedSet.add(n);
      }
    }
    this.done = [];
    this.doneIds = new Set();
  }
  /** Forgets what is emitted or superseded; \`slicing\` keeps the adds (and moves) still to serialize. */
  clear(slicing) {
    this.texts = [];
    this.attributes = [];
    this.attributeMap = new WeakMap();
    this.removes = [];
    this.done = [];
    this.doneIds = new Set();
    this.since = 0;
    if (slicing) return;
    this.addedSet = new Set();
    this.movedSet = new Set();
    this.droppedSet = new Set();
    this.removesSubTreeCache = new Set();
    this.movedMap = {};
  }
  isFrozen() {\n`],
  // Added and removed again before it was serialized (a burst overtaken): it leaves the burst, or every
  // later slice would walk it (rrweb only ever dropped serialized nodes, having emitted all others at once).
  ['slices', '|| !isSerialized(n, this.mirror)) {\n              return;\n',
    '|| !isSerialized(n, this.mirror)) {\n              this.addedSet.has(n) && deepDelete(this.addedSet, n);\n              return;\n'],
  // Only elements have children to walk: a burst's text nodes (a table's cells) skip the block check and the walk.
  ['slices', '      if (!isBlocked(n, this.blockClass, this.blockSelector, false)) {\n        index.childNodes(n)',
    '      if (n.nodeType === 1 && !isBlocked(n, this.blockClass, this.blockSelector, false)) {\n        index.childNodes(n)'],
  // The snapshot holds the page as it is: pending (or held) mutations are dropped, not serialized and sent before it.
  ['snapshot supersedes', '    if (!recordDOM) {\n      return;\n    }\n    wrappedEmit(\n      {\n        type: EventType.Meta,',
    '    if (!recordDOM) {\n      return;\n    }\n    mutationBuffers.forEach((buf) => (buf.lock(), buf.undo(), buf.clear()));\n    wrappedEmit(\n      {\n        type: EventType.Meta,'],
  // Text right inside a shadow root has no parent element, and rrweb then decided "not masked":
  // a component writing text straight into its shadow root after recording began was stored
  // in clear in strict mode. Such text is judged by its shadow host (test/e2e/web-components.test.ts).
  ['shadow text', '  } else if (index.parentElement(node) === null) {\n    return false;\n  } else {',
    '  } else if (index.parentElement(node) === null) {\n    el = node.parentNode && node.parentNode.host;\n    if (!el) return false;\n  } else {'],
  // The storm breaker (recorder/storm-guard.ts) lets held mutations go without waiting for a user event;
  // a page being left has its pending ones finished (recorder/capture.ts).
  ['storm release', 'record.freezePage = () => {', 'record.unfreezePage = () => {\n  mutationBuffers.forEach((buf) => buf.unfreeze());\n};\nrecord.finishMutations = () => {\n  mutationBuffers.forEach((buf) => buf.finish());\n};\nrecord.freezePage = () => {'],
];

/**
 * The exact file every anchor above was written against: @rrweb/record 2.1.6, dist/record.js.
 * Another file (a new version, a rebuild) fails the build before any patch is tried:
 * docs/upgrading-rrweb.md says how to re-anchor the patches and update this.
 */
export const PATCHED_FOR = { version: '2.1.6', sha256: 'e8d33f050806e45c14f80595fa132f015128c0beb29e3cd204a89f6615ae6aa1' };

/**
 * Names the bundler that built rrweb made up (a helper, a renamed local, the namespace of
 * rrweb-snapshot's DOM helpers): an anchor matches them whatever their number, and a
 * replacement that names them gets the spelling found, so a rebuild of the same source
 * that renumbers them still matches.
 */
const GENERATED = [/__publicField\d*/, /\bparentNode\d+/, /\b_a\d*\b/, /\bindex(?:\$\d+)?(?=\.(?:childNodes|parentElement)\()/];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const generatedIn = (text) => new RegExp(GENERATED.map((g) => `(${g.source})`).join('|'), 'g');

/** A regex for `anchor` tolerant of GENERATED names, and a function that rewrites `text` with the names it found. */
function anchorPattern(anchor) {
  const kinds = new Map();
  let source = '';
  let last = 0;
  for (const m of anchor.matchAll(generatedIn())) {
    const kind = m.slice(1).findIndex((g) => g !== undefined);
    source += escape(anchor.slice(last, m.index));
    const seen = kinds.get(kind);
    // The same generated name twice in one anchor is the same variable.
    source += seen ? `\\k<g${kind}>` : `(?<g${kind}>${GENERATED[kind].source})`;
    kinds.set(kind, m[0]);
    last = m.index + m[0].length;
  }
  source += escape(anchor.slice(last));
  const regex = new RegExp(source, 'g');
  const rename = (groups, text) => text.replace(generatedIn(), (...m) => {
    const kind = m.slice(1, 1 + GENERATED.length).findIndex((g) => g !== undefined);
    return groups?.[`g${kind}`] ?? m[0];
  });
  return { regex, rename };
}

/** Where `anchor` is in `src` (from `start` on), if exactly once: [index, length, groups]; else a reason. */
function findOnce(src, anchor, start = 0) {
  const { regex } = anchorPattern(anchor);
  const found = [...src.slice(start).matchAll(regex)];
  if (found.length !== 1) return `found ${found.length} times (must be once)`;
  return [start + found[0].index, found[0][0].length, found[0].groups];
}

/**
 * Applies every patch; throws one error listing each that did not apply (its anchor not
 * found exactly once), so an upgrade sees all the work at once, not one patch per build.
 */
export function trimRrweb(src) {
  const failures = [];
  const fail = (group, why, anchor, reason) => failures.push(`  ${group} (${why}): ${reason}: ${JSON.stringify(anchor.slice(0, 100))}`);
  for (const [why, from, to, replacement] of CUTS) {
    const a = findOnce(src, from);
    if (typeof a === 'string') { fail('cut', why, from, a); continue; }
    // The end anchor is the first match after the start one (it may occur elsewhere too).
    const { regex } = anchorPattern(to);
    regex.lastIndex = a[0] + a[1];
    const z = regex.exec(src);
    if (!z) { fail('cut', why, to, 'end not found after start'); continue; }
    src = src.slice(0, a[0]) + anchorPattern(from).rename(a[2], replacement) + src.slice(z.index);
  }
  for (const [group, list] of [['fixed condition', FIXED], ['change', CHANGES]]) {
    for (const [why, anchor, value] of list) {
      const a = findOnce(src, anchor);
      if (typeof a === 'string') { fail(group, why, anchor, a); continue; }
      src = src.slice(0, a[0]) + anchorPattern(anchor).rename(a[2], value) + src.slice(a[0] + a[1]);
    }
  }
  if (failures.length) {
    throw new Error(`rrweb-unused: ${failures.length} patch(es) of @rrweb/record did not apply:\n${failures.join('\n')}\nSee docs/upgrading-rrweb.md.`);
  }
  return src;
}

export const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** Refuses a record.js the patches were not written for, before trying them (docs/upgrading-rrweb.md). */
export function checkRecordJs(src, path, expected = PATCHED_FOR) {
  const actual = sha256(src);
  if (actual === expected.sha256) return;
  throw new Error(
    `rrweb-unused: ${path} is not the @rrweb/record ${expected.version} file the recorder's rrweb patches were written for ` +
      `(sha256 ${actual}, expected ${expected.sha256}). Follow docs/upgrading-rrweb.md: run ` +
      '`node recorder/build/check-rrweb.mjs` to list the patches that no longer apply, re-anchor them, ' +
      'then update PATCHED_FOR in recorder/build/rrweb-unused.mjs and run the tests it names.',
  );
}

/**
 * The plugin. `recordJs` (tests, the upgrade procedure) loads another record.js in place of
 * the installed one; `expected` is the checksum it must have. The build fails when the
 * file is not loaded at all (a moved entry point would otherwise ship rrweb unpatched,
 * and capture.ts would find no finishMutations).
 */
export function rrwebPatches({ recordJs, expected = PATCHED_FOR } = {}) {
  return {
    name: 'rrweb-unused',
    setup(build) {
      let patched = false;
      build.onStart(() => { patched = false; });
      build.onLoad({ filter: /@rrweb[\\/]record[\\/]dist[\\/]record\.js$/ }, (args) => {
        const path = recordJs ?? args.path;
        const src = readFileSync(path, 'utf8');
        checkRecordJs(src, path, expected);
        patched = true;
        return { contents: trimRrweb(src), loader: 'js' };
      });
      build.onEnd((result) => {
        if (!patched && !result.errors.length) {
          return { errors: [{ text: 'rrweb-unused: @rrweb/record/dist/record.js was never loaded, so none of its patches applied (see docs/upgrading-rrweb.md)' }] };
        }
      });
    },
  };
}

export const rrwebUnused = rrwebPatches();
