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

interface SerializedNode { type: number; tagName?: string; isSVG?: boolean; attributes?: Record<string, unknown>; childNodes?: SerializedNode[] }
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
}

export function sanitizeRules(mode: PrivacyMode, safeKeys: readonly string[], origin: string, elementOf: (id: number) => ElementKind | null = () => null): SanitizeRules {
  return { mode, urls: urlPolicy(mode, safeKeys), origin, elementOf };
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
    if (n.type === NODE_ELEMENT && n.attributes) sanitizeAttributes(rules, n as ElementKind, n.attributes);
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
      sanitizeAttributes(rules, rules.elementOf(change.id) ?? UNKNOWN, change.attributes);
    }
  }
  return event;
}
