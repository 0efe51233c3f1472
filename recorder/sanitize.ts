// The second pass over every rrweb event before it is queued: rrweb masks text nodes
// and input values, but not attributes or URLs. A mailto: link, an image alt text or a
// ?email= in the page URL would otherwise leave the browser in clear.
import { maskText, scrubPersonalData, scrubUrl } from './privacy.ts';
import type { PrivacyMode } from './types.ts';

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'data', 'background', 'ping', 'xlink:href']);
/** Attributes that show text to people: masked like text in strict mode. */
export const TEXT_ATTRIBUTES = new Set(['title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'aria-valuetext', 'aria-roledescription', 'label', 'value', 'summary']);
/** Layout and rrweb's own bookkeeping: no personal data, and scanning them is wasted work. */
const SKIPPED_ATTRIBUTES = new Set(['style', 'class', 'rr_width', 'rr_height', '_cssText', 'type', 'rel', 'width', 'height']);

const EVENT_FULL_SNAPSHOT = 2;
const EVENT_INCREMENTAL = 3;
const EVENT_META = 4;
const SOURCE_MUTATION = 0;
const NODE_ELEMENT = 2;

interface SerializedNode { type: number; attributes?: Record<string, unknown>; childNodes?: SerializedNode[] }
interface AnyEvent { type: number; data: Record<string, unknown> }

export function sanitizeAttribute(mode: PrivacyMode, name: string, value: string): string {
  if (SKIPPED_ATTRIBUTES.has(name)) return value;
  // An iframe's srcdoc is a whole page of unmasked HTML; rrweb records the iframe's
  // document separately (and masked), so the attribute is never needed for replay.
  if (name === 'srcdoc') return '';
  if (URL_ATTRIBUTES.has(name)) return scrubUrl(value);
  if (name === 'srcset') return value.split(',').map((candidate) => scrubUrl(candidate.trim())).join(', ');
  if (mode === 'strict' && TEXT_ATTRIBUTES.has(name)) return maskText(value);
  return scrubPersonalData(value);
}

function sanitizeAttributes(mode: PrivacyMode, attributes: Record<string, unknown>): void {
  for (const name in attributes) {
    const value = attributes[name];
    if (typeof value === 'string' && value) attributes[name] = sanitizeAttribute(mode, name, value);
  }
}

function sanitizeNode(mode: PrivacyMode, node: SerializedNode): void {
  // An explicit stack: recorded documents can be deeper than the call stack allows.
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === NODE_ELEMENT && n.attributes) sanitizeAttributes(mode, n.attributes);
    if (n.childNodes) for (const child of n.childNodes) stack.push(child);
  }
}

/** Scrubs an rrweb event in place and returns it. */
export function sanitizeEvent<T>(mode: PrivacyMode, event: T): T {
  const e = event as unknown as AnyEvent;
  if (e.type === EVENT_META && typeof e.data.href === 'string') e.data.href = scrubUrl(e.data.href);
  else if (e.type === EVENT_FULL_SNAPSHOT) sanitizeNode(mode, e.data.node as SerializedNode);
  else if (e.type === EVENT_INCREMENTAL && e.data.source === SOURCE_MUTATION) {
    for (const add of (e.data.adds as { node: SerializedNode }[] | undefined) ?? []) sanitizeNode(mode, add.node);
    for (const change of (e.data.attributes as { attributes: Record<string, unknown> }[] | undefined) ?? []) sanitizeAttributes(mode, change.attributes);
  }
  return event;
}
