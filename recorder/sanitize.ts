// The second pass over every rrweb event before it is queued: rrweb masks text nodes
// and input values, but not attributes or URLs. A mailto: link, an image alt text, a
// data-user attribute or a ?name= in the page URL would otherwise leave the browser in clear.
import { maskText, scrubPersonalData, urlPolicy } from './privacy.ts';
import { maskLinkTarget, maskUrlForMode, type UrlPolicy } from '../contract/url-masking.ts';
import { keepsValueInStrict, LINK_ELEMENTS, TARGET_ATTRIBUTES, TEXT_ATTRIBUTES, URL_ATTRIBUTES } from '../contract/attribute-rules.ts';
import type { PrivacyMode } from './types.ts';


/** Layout and rrweb's own bookkeeping: no personal data, and scanning them is wasted work. */
const SKIPPED_ATTRIBUTES = new Set(['style', 'class', 'rr_width', 'rr_height', '_cssText', 'type', 'rel', 'width', 'height']);

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_INCREMENTAL = 3;
const EVENT_META = 4;
const SOURCE_MUTATION = 0;
const NODE_ELEMENT = 2;

interface SerializedNode { type: number; id?: number; tagName?: string; isSVG?: boolean; attributes?: Record<string, unknown>; childNodes?: SerializedNode[] }
/** What the attribute rules ask of an element: rrweb's serialized node has both. */
export interface ElementKind { tagName: string; isSVG?: boolean }
interface AnyEvent { type: number; data: Record<string, unknown> }

/** What the second pass needs to know about the recording, built once per page. */
export interface SanitizeRules {
  mode: PrivacyMode;
  urls: UrlPolicy;
  /** The recorded page's origin: links elsewhere keep at most theirs in strict mode. */
  origin: string;
  /** The element a recorded node is, for attribute changes (which name only a node id); null when not known. */
  elementOf(id: number): ElementKind | null;
  /** Strict mode with safe image addresses declared (safe-images.ts): images recorded for their address. */
  images?: ImageRules;
}

/** What the second pass checks of an image rrweb recorded because of its address, not a marker. */
export interface ImageRules {
  /** The recorded (absolute, masked) address is under a declared prefix. */
  safe(url: string): boolean;
  /** data-einblick-unmask marks the element's image safe whatever its address. */
  marked(id: number): boolean;
  /** Its size, for the box an image that fails becomes. */
  size(id: number): { width: number; height: number } | null;
}

export function sanitizeRules(mode: PrivacyMode, safeKeys: readonly string[], origin: string, elementOf: (id: number) => ElementKind | null = () => null, images?: ImageRules): SanitizeRules {
  return { mode, urls: urlPolicy(mode, safeKeys), origin, elementOf, ...(images ? { images } : {}) };
}

const isImage = (tag: string, attributes: Record<string, unknown>) => tag === 'img' || (tag === 'input' && String(attributes.type).toLowerCase() === 'image');

/** `srcset` with only the candidates under a declared prefix; null when none is. */
function safeSrcset(srcset: string, images: ImageRules): string | null {
  const kept = srcset.split(/,\s+/).filter((c) => images.safe(c.trim().split(/\s+/)[0] ?? ''));
  return kept.length ? kept.join(', ') : null;
}

/** An image recorded for its address keeps it only if it is safe, else it is the box a blocked image is. */
function checkImage(images: ImageRules, node: SerializedNode & { attributes: Record<string, unknown> }): void {
  const a = node.attributes;
  if (typeof node.id !== 'number' || (typeof a.src !== 'string' && typeof a.srcset !== 'string') || images.marked(node.id)) return;
  if (typeof a.src === 'string' && !images.safe(a.src)) {
    const size = images.size(node.id) ?? { width: 0, height: 0 };
    node.attributes = { ...(typeof a.class === 'string' ? { class: a.class } : {}), rr_width: `${size.width}px`, rr_height: `${size.height}px` };
    return;
  }
  if (typeof a.srcset !== 'string') return;
  const srcset = safeSrcset(a.srcset, images);
  if (srcset === null) delete a.srcset;
  else a.srcset = srcset;
}

/** A later src or srcset change of an image not marked safe: an unsafe address is removed. */
function checkImageChange(images: ImageRules, id: number, attributes: Record<string, unknown>): void {
  if (images.marked(id)) return;
  if (typeof attributes.src === 'string' && !images.safe(attributes.src)) attributes.src = null;
  if (typeof attributes.srcset === 'string') attributes.srcset = safeSrcset(attributes.srcset, images);
}

const UNKNOWN: ElementKind = { tagName: '' };

/** `a.png?w=200 2x`: the URL is cut, its width or density descriptor stays as it is. */
function maskSrcsetCandidate(candidate: string, urls: UrlPolicy): string {
  const [url = '', ...descriptor] = candidate.trim().split(/\s+/);
  return [maskUrlForMode(url, urls), ...descriptor].join(' ');
}

/** `element.tagName` '' when not known: then an href is read as a link's. */
export function sanitizeAttribute(rules: SanitizeRules, element: ElementKind, name: string, value: string): string {
  const tag = element.tagName.toLowerCase();
  if (SKIPPED_ATTRIBUTES.has(name)) return value;
  // An iframe's srcdoc is a whole page of unmasked HTML; rrweb records the iframe's
  // document separately (and masked), so the attribute is never needed for replay.
  if (name === 'srcdoc') return '';
  if (URL_ATTRIBUTES.has(name)) {
    const target = TARGET_ATTRIBUTES.has(name) || (name === 'href' && (!tag || LINK_ELEMENTS.has(tag)));
    if (target) return maskLinkTarget(value, rules.origin, rules.urls);
    if (name === 'srcset') return value.split(',').map((candidate) => maskSrcsetCandidate(candidate, rules.urls)).join(', ');
    return maskUrlForMode(value, rules.urls);
  }
  if (rules.mode === 'strict') return keepsValueInStrict(name, value, !!element.isSVG) ? value : maskText(value);
  return scrubPersonalData(value);
}

function sanitizeAttributes(rules: SanitizeRules, element: ElementKind, attributes: Record<string, unknown>): void {
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value === 'string' && value) attributes[name] = sanitizeAttribute(rules, element, name, value);
  }
}

function sanitizeNode(rules: SanitizeRules, node: SerializedNode): void {
  // An explicit stack: recorded documents can be deeper than the call stack allows.
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === NODE_ELEMENT && n.attributes) {
      sanitizeAttributes(rules, n as ElementKind, n.attributes);
      if (rules.images && isImage(n.tagName ?? '', n.attributes)) checkImage(rules.images, n as SerializedNode & { attributes: Record<string, unknown> });
    }
    if (n.childNodes) for (const child of n.childNodes) stack.push(child);
  }
}

/** Scrubs an rrweb event in place and returns it. */
export function sanitizeEvent<T>(rules: SanitizeRules, event: T): T {
  const e = event as unknown as AnyEvent;
  if (e.type === EVENT_META && typeof e.data.href === 'string') e.data.href = maskUrlForMode(e.data.href, rules.urls);
  else if (e.type === EVENT_FULL_SNAPSHOT) sanitizeNode(rules, e.data.node as SerializedNode);
  else if (e.type === EVENT_INCREMENTAL && e.data.source === SOURCE_MUTATION) {
    for (const add of (e.data.adds as { node: SerializedNode }[] | undefined) ?? []) sanitizeNode(rules, add.node);
    for (const change of (e.data.attributes as { id: number; attributes: Record<string, unknown> }[] | undefined) ?? []) {
      const element = rules.elementOf(change.id) ?? UNKNOWN;
      sanitizeAttributes(rules, element, change.attributes);
      if (rules.images && (element.tagName === 'img' || element.tagName === 'input')) checkImageChange(rules.images, change.id, change.attributes);
    }
  }
  return event;
}
