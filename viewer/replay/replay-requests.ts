// A recorded page is a stranger's DOM, rebuilt inside the viewer's origin. Most of what
// it could load is stopped by the viewer's policy (server/routes/static.ts) and by the
// API refusing requests a page element made (server/http/fetch-metadata.ts). One kind looks
// exactly like the viewer's own fetch(): <link rel=preload as=fetch crossorigin>. So
// before rrweb sees them, recorded link relations that fetch ahead are dropped, and so
// are the attributes that make a click or an image send a request of its own (ping,
// download, attributionsrc). A replay needs none of them to look as it did.
import type { eventWithTime } from '@rrweb/types';

/** The only link relations a replay needs: they draw the page. */
const KEPT_RELS = new Set(['stylesheet', 'alternate']);
const DROPPED_ATTRIBUTES = new Set(['ping', 'download', 'attributionsrc']);

// rrweb's serialized shapes (rrweb-snapshot), as far as they matter here.
interface SerializedNode {
  type: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}
const ELEMENT = 2;
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const MUTATION = 0;

/** `rel` keeping only the relations that draw the page; null removes the attribute. */
export function drawingRel(rel: string): string | null {
  const kept = rel.toLowerCase().split(/\s+/).filter((token) => KEPT_RELS.has(token));
  return kept.length ? kept.join(' ') : null;
}

function defuseAttributes(attributes: Record<string, unknown>, removeWith: null | undefined): void {
  for (const name of Object.keys(attributes)) {
    const lower = name.toLowerCase();
    if (DROPPED_ATTRIBUTES.has(lower)) {
      if (removeWith === null) attributes[name] = null;
      else delete attributes[name];
    } else if (lower === 'rel' && typeof attributes[name] === 'string') {
      const rel = drawingRel(attributes[name]);
      if (rel !== null) attributes[name] = rel;
      else if (removeWith === null) attributes[name] = null;
      else delete attributes[name];
    }
  }
}

function defuseTree(root: SerializedNode | undefined): void {
  // Iterative: a recorded tree may be deeper than the call stack.
  const stack = root ? [root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === ELEMENT && node.attributes) defuseAttributes(node.attributes, undefined);
    if (Array.isArray(node.childNodes)) stack.push(...node.childNodes);
  }
}

/** Rewrites, in place, what in `events` would make the replay fetch ahead or on a click; answers `events`. */
export function defuseRecordedRequests<T extends eventWithTime>(events: T[]): T[] {
  for (const event of events) {
    const data = event.data as { node?: SerializedNode; source?: number; adds?: { node?: SerializedNode }[]; attributes?: { attributes?: Record<string, unknown> }[] } | undefined;
    if (!data || typeof data !== 'object') continue;
    if (event.type === FULL_SNAPSHOT) defuseTree(data.node);
    else if (event.type === INCREMENTAL && data.source === MUTATION) {
      for (const add of data.adds ?? []) defuseTree(add?.node);
      // A later change to an element's attributes: null is how rrweb removes one.
      for (const change of data.attributes ?? []) if (change?.attributes) defuseAttributes(change.attributes, null);
    }
  }
  return events;
}
