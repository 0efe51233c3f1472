// Every place in rrweb events where a replay would load an asset: stylesheet links,
// image sources, CSS text (inlined sheets, <style> text, style attributes, rules added
// later). The server walks them to know what to capture (server/assets/event-urls.ts),
// the viewer walks the same places to point them at the captured copies
// (viewer/replay/replay-assets.ts): one walk, so what is captured is what gets rewritten.
import { cssReferences, rewriteCss } from './css-urls.ts';

export interface AssetSlot {
  kind: 'stylesheet' | 'font' | 'image';
  /** As recorded (rrweb makes attribute and stylesheet URLs absolute). */
  url: string;
  /**
   * An image an element shows (not one a stylesheet draws) that no data-einblick-unmask
   * on it or an ancestor marks safe: it may be a person's (an avatar, an upload).
   */
  personal: boolean;
}

/** A replacement URL, null to drop the reference, undefined to keep it as it is. */
export type SlotMapper = (slot: AssetSlot) => string | null | undefined;

/** What the walk remembers between events of one recording (reset by each full snapshot). */
export interface AssetWalkState {
  /** Element ids with data-einblick-unmask in force. */
  unmasked: Set<number>;
  /** Ids of <link rel=stylesheet> and SVG <image>, whose later href changes are assets too. */
  hrefAssets: Map<number, 'stylesheet' | 'image'>;
}

export const newAssetWalk = (): AssetWalkState => ({ unmasked: new Set(), hrefAssets: new Map() });

interface SerializedNode {
  type: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
}

const ELEMENT = 2;
const TEXT = 3;
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const MUTATION = 0;
const STYLE_SHEET_RULE = 8;
const STYLE_DECLARATION = 13;
const ADOPTED_STYLE_SHEET = 15;
const IMAGE_ATTRIBUTES = ['src', 'poster', 'background'];
/** Their src is not an image (media is not replayed; frames and scripts never load). */
const NOT_IMAGE_TAGS = new Set(['script', 'iframe', 'frame', 'embed', 'object', 'video', 'audio', 'track']);
const LOADABLE = /^https?:\/\//i;

function mapUrl(url: string, kind: AssetSlot['kind'], personal: boolean, map: SlotMapper): string | null | undefined {
  return LOADABLE.test(url) ? map({ kind, url, personal }) : undefined;
}

function mapCss(css: string, personal: boolean, map: SlotMapper): string {
  const refs = cssReferences(css);
  if (!refs.some((r) => LOADABLE.test(r.url))) return css;
  const kinds = new Map(refs.map((r) => [r.url, r.kind]));
  return rewriteCss(css, (url) => {
    const kind = kinds.get(url) ?? 'image';
    // Fonts and imported sheets are never personal; an image in a style attribute can be.
    const mapped = mapUrl(url, kind, personal && kind === 'image', map);
    return mapped === undefined ? url : mapped;
  });
}

function mapSrcset(srcset: string, personal: boolean, map: SlotMapper): string {
  return srcset
    .split(/,\s+/)
    .flatMap((entry) => {
      const [url = '', ...descriptor] = entry.trim().split(/\s+/);
      const mapped = mapUrl(url, 'image', personal, map);
      if (mapped === null) return [];
      return [[mapped ?? url, ...descriptor].join(' ')];
    })
    .join(', ');
}

/** Applies `map` to one attribute; answers the new value (null: remove it). */
function mapAttribute(name: string, value: string, tag: string | undefined, kindOfHref: 'stylesheet' | 'image' | undefined, personal: boolean, map: SlotMapper): string | null {
  const lower = name.toLowerCase();
  if (lower === '_csstext') return mapCss(value, false, map);
  if (lower === 'style') return mapCss(value, personal, map);
  if (lower === 'srcset') return mapSrcset(value, personal, map);
  const isImage = IMAGE_ATTRIBUTES.includes(lower) && !NOT_IMAGE_TAGS.has(tag ?? '');
  const kind = isImage ? 'image' : (lower === 'href' || lower === 'xlink:href') ? kindOfHref : undefined;
  if (!kind) return value;
  const mapped = mapUrl(value, kind, kind === 'image' && personal, map);
  return mapped === undefined ? value : mapped;
}

function hrefKind(node: SerializedNode): 'stylesheet' | 'image' | undefined {
  const tag = node.tagName?.toLowerCase();
  const rel = String(node.attributes?.rel ?? '').toLowerCase();
  // rrweb inlined this sheet (_cssText) and rebuilds it from that text: its href loads nothing.
  if (tag === 'link' && rel.split(/\s+/).includes('stylesheet')) return node.attributes && '_cssText' in node.attributes ? undefined : 'stylesheet';
  if (tag === 'image') return 'image';
  return undefined;
}

function mapAttributes(attributes: Record<string, unknown>, tag: string | undefined, kindOfHref: 'stylesheet' | 'image' | undefined, personal: boolean, map: SlotMapper, removeWith: null | undefined): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value !== 'string') continue;
    const next = mapAttribute(name, value, tag, kindOfHref, personal, map);
    if (next === value) continue;
    if (next !== null) attributes[name] = next;
    else if (removeWith === null) attributes[name] = null;
    else delete attributes[name];
  }
}

function walkTree(root: SerializedNode | undefined, parentUnmasked: boolean, state: AssetWalkState, map: SlotMapper): void {
  // Iterative: a recorded tree may be deeper than the call stack.
  const stack: [SerializedNode, boolean][] = root ? [[root, parentUnmasked]] : [];
  while (stack.length) {
    const [node, above] = stack.pop()!;
    let unmasked = above;
    if (node.type === ELEMENT && node.attributes) {
      const a = node.attributes;
      unmasked = 'data-einblick-mask' in a ? false : 'data-einblick-unmask' in a ? true : above;
      const kind = hrefKind(node);
      if (typeof node.id === 'number') {
        if (unmasked) state.unmasked.add(node.id);
        if (kind) state.hrefAssets.set(node.id, kind);
      }
      mapAttributes(a, node.tagName?.toLowerCase(), kind, !unmasked, map, undefined);
    } else if (node.type === TEXT && node.isStyle && typeof node.textContent === 'string') {
      node.textContent = mapCss(node.textContent, false, map);
    }
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push([child, unmasked]);
  }
}

function mapRules(rules: unknown, map: SlotMapper): void {
  if (!Array.isArray(rules)) return;
  for (const r of rules as { rule?: unknown }[]) if (r && typeof r.rule === 'string') r.rule = mapCss(r.rule, false, map);
}

type IncrementalData = {
  source?: number;
  adds?: ({ parentId?: number; node?: SerializedNode; rule?: unknown } | null)[];
  attributes?: ({ id?: number; attributes?: Record<string, unknown> } | null)[];
  replace?: unknown;
  replaceSync?: unknown;
  set?: { value?: unknown } | null;
  styles?: { rules?: unknown }[];
};

/** Walks `events` in order, in place: each asset URL goes through `map`. */
export function mapAssetUrls(events: readonly unknown[], state: AssetWalkState, map: SlotMapper): void {
  for (const event of events) {
    const e = event as { type?: number; data?: unknown } | null;
    if (!e || typeof e.data !== 'object' || e.data === null) continue;
    if (e.type === FULL_SNAPSHOT) {
      state.unmasked.clear();
      state.hrefAssets.clear();
      walkTree((e.data as { node?: SerializedNode }).node, false, state, map);
      continue;
    }
    if (e.type !== INCREMENTAL) continue;
    const d = e.data as IncrementalData;
    if (d.source === MUTATION) {
      for (const add of d.adds ?? []) if (add?.node) walkTree(add.node, state.unmasked.has(add.parentId ?? -1), state, map);
      for (const change of d.attributes ?? []) {
        if (!change?.attributes || typeof change.id !== 'number') continue;
        mapAttributes(change.attributes, undefined, state.hrefAssets.get(change.id), !state.unmasked.has(change.id), map, null);
      }
    } else if (d.source === STYLE_SHEET_RULE) {
      mapRules(d.adds, map);
      if (typeof d.replace === 'string') d.replace = mapCss(d.replace, false, map);
      if (typeof d.replaceSync === 'string') d.replaceSync = mapCss(d.replaceSync, false, map);
    } else if (d.source === STYLE_DECLARATION && d.set && typeof d.set.value === 'string') {
      d.set.value = mapCss(d.set.value, false, map);
    } else if (d.source === ADOPTED_STYLE_SHEET) {
      for (const style of d.styles ?? []) mapRules(style?.rules, map);
    }
  }
}
