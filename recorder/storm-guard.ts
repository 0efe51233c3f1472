// A breaker for mutation storms: a page that rewrites thousands of nodes again and again
// (a table re-rendered every frame, a thrashing virtual list) would otherwise have every
// rewrite serialized, compressed and uploaded. Up to STORM_NODES changed nodes a second
// stream as usual; past that, rrweb is told to hold its mutations (it then skips
// serializing them), and once the page is quiet one fresh full snapshot replaces them
// all. (Sentry stops recording at 10k+ mutations; this carries on.)

const EVENT_INCREMENTAL = 3;
const SOURCE_MUTATION = 0;
/** Changed nodes (adds, removes, texts, attributes) per second that still stream. */
export const STORM_NODES = 10_000;
/** Quiet time after which the storm is over and a snapshot is taken. */
const QUIET_MS = 500;
/** A storm that never calms down still gets a snapshot this often (held mutations keep removed nodes alive until then). */
const MAX_MS = 2_000;

interface MutationData { source: number; adds: unknown[]; removes: unknown[]; texts: unknown[]; attributes: unknown[] }

/** Changed nodes in an rrweb event: 0 unless it is a DOM mutation (whose four lists rrweb always fills). */
export function changedNodes(event: { type?: number; data?: unknown }): number {
  const d = event.data as MutationData;
  return event.type === EVENT_INCREMENTAL && d.source === SOURCE_MUTATION ? d.adds.length + d.removes.length + d.texts.length + d.attributes.length : 0;
}

export interface StormGuard {
  /** True when the event is held back: it must not be sent. */
  drop(event: { type?: number; data?: unknown }): boolean;
  stop(): void;
}

export interface StormHooks {
  /** A fresh full snapshot (called from a timer, never from inside rrweb's emit). */
  snapshot(): void;
  /** Tells rrweb to hold mutations (freezePage); any user event lets them go again. */
  hold(): void;
  /** Told when a storm begins, with the nodes changed in its first second. */
  onStorm(nodes: number): void;
  /** Calls `changed` on every DOM change until the returned function is called. */
  watch(changed: () => void): () => void;
  now?: () => number;
}

export function stormGuard(h: StormHooks): StormGuard {
  const now = h.now ?? Date.now;
  let windowStart = -Infinity;
  let windowNodes = 0;
  let stormSince = 0;
  let settling = false;
  let timer = 0;
  let unwatch = () => {};
  const settle = (quiet: boolean) => {
    // rrweb lets the held mutations go as the snapshot begins: still part of the storm.
    settling = true;
    h.snapshot();
    settling = false;
    if (quiet) {
      unwatch();
      stormSince = windowNodes = 0;
    } else {
      // Still raging: hold on, and snapshot again in a while.
      stormSince = now();
      h.hold();
    }
  };
  const wait = () => {
    clearTimeout(timer);
    const long = now() - stormSince >= MAX_MS;
    timer = window.setTimeout(() => settle(!long), long ? 0 : QUIET_MS);
  };
  return {
    drop(event) {
      const nodes = changedNodes(event);
      if (!nodes) return false;
      if (settling) return true;
      const t = now();
      if (!stormSince) {
        if (t - windowStart > 1000) {
          windowStart = t;
          windowNodes = 0;
        }
        windowNodes += nodes;
        if (windowNodes <= STORM_NODES) return false;
        stormSince = t;
        h.onStorm(windowNodes);
        // Held mutations reach us no more, so the page itself says when it is quiet.
        unwatch = h.watch(wait);
      }
      h.hold();
      wait();
      return true;
    },
    stop() {
      clearTimeout(timer);
      unwatch();
    },
  };
}
