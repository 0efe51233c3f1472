// The DOM a replay ends on, rebuilt from rrweb events the way the replayer applies them
// (the last full snapshot, then each mutation: removes, adds, texts, attributes), with
// every reference a mutation makes to a node the replay does not have counted as a fault.
export interface ReplayNode { id: number; type: number; tagName?: string; attributes?: Record<string, unknown>; textContent?: string; childNodes?: ReplayNode[] }
interface Mutation {
  removes: { parentId: number; id: number }[];
  adds: { parentId: number; nextId: number | null; node: ReplayNode }[];
  texts: { id: number; value: string }[];
  attributes: { id: number; attributes: Record<string, unknown> }[];
}
export interface ReplayEvent { type: number; timestamp: number; data: { source?: number; node?: ReplayNode } & Partial<Mutation> }

export interface ReplayDom {
  byId(id: string): ReplayNode | undefined;
  /** Mutations that named a node (parent, next sibling, target) the replay did not have. */
  faults: string[];
}

export function replayDom(events: ReplayEvent[]): ReplayDom {
  const nodes = new Map<number, ReplayNode>();
  const parents = new Map<number, ReplayNode>();
  const faults: string[] = [];
  const index = (node: ReplayNode, parent?: ReplayNode) => {
    nodes.set(node.id, node);
    if (parent) parents.set(node.id, parent);
    node.childNodes ??= [];
    for (const child of node.childNodes) index(child, node);
  };
  const unindex = (node: ReplayNode) => {
    nodes.delete(node.id);
    parents.delete(node.id);
    for (const child of node.childNodes ?? []) unindex(child);
  };
  // The replayer sorts by time; the sort is stable, so events of one millisecond keep their order.
  for (const e of [...events].sort((a, b) => a.timestamp - b.timestamp)) {
    if (e.type === 2 && e.data.node) {
      nodes.clear();
      parents.clear();
      index(structuredClone(e.data.node));
    }
    if (e.type !== 3 || e.data.source !== 0) continue;
    const m = e.data as Mutation;
    for (const r of m.removes) {
      const node = nodes.get(r.id);
      const parent = parents.get(r.id);
      if (!node || !parent) {
        faults.push(`remove of missing node ${r.id}`);
        continue;
      }
      parent.childNodes!.splice(parent.childNodes!.indexOf(node), 1);
      unindex(node);
    }
    for (const a of m.adds) {
      const parent = nodes.get(a.parentId);
      if (!parent) {
        faults.push(`add under missing parent ${a.parentId}`);
        continue;
      }
      // A node the replay has already is moved, as the replayer does.
      const known = nodes.get(a.node.id);
      if (known) parents.get(a.node.id)?.childNodes!.splice(parents.get(a.node.id)!.childNodes!.indexOf(known), 1);
      const node = known ?? structuredClone(a.node);
      const next = a.nextId === null ? -1 : parent.childNodes!.findIndex((c) => c.id === a.nextId);
      if (a.nextId !== null && next < 0) faults.push(`add before missing sibling ${a.nextId}`);
      parent.childNodes!.splice(next < 0 ? parent.childNodes!.length : next, 0, node);
      if (!known) index(node, parent);
      else parents.set(node.id, parent);
    }
    for (const t of m.texts) {
      const node = nodes.get(t.id);
      if (node) node.textContent = t.value;
      else faults.push(`text of missing node ${t.id}`);
    }
    for (const change of m.attributes) {
      const node = nodes.get(change.id);
      if (node) node.attributes = { ...node.attributes, ...change.attributes };
      else faults.push(`attributes of missing node ${change.id}`);
    }
  }
  return { byId: (id) => [...nodes.values()].find((n) => n.attributes?.id === id), faults };
}

/** The text inside a replayed node, as textContent reads it. */
export const replayText = (node: ReplayNode): string => (node.type === 3 ? (node.textContent ?? '') : (node.childNodes ?? []).map(replayText).join(''));
