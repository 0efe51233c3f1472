// A breaker for mutation storms: a page that rewrites thousands of nodes again and again
// (a table re-rendered every frame, a thrashing virtual list) would otherwise have every
// rewrite serialized, compressed and uploaded. Up to STORM_NODES changed nodes a second
// stream as usual; past that, rrweb is told to hold its mutations (it then only notes
// what changed, and serializes nothing), and once the page is quiet, or every MAX_MS
// while it rages, the held changes go out as one mutation: the page as it is then,
// serialized in slices of their own tasks (recorder/build/rrweb-unused.mjs). Nothing is
// dropped, so the replay never needs a snapshot to catch up. (Sentry stops recording at
// 10k+ mutations; this carries on.)

const EVENT_INCREMENTAL = 3;
const SOURCE_MUTATION = 0;
/** Changed nodes (adds, removes, texts, attributes) per second that still stream. */
export const STORM_NODES = 10_000;
/** Quiet time after which the storm is over and the held changes go out. */
const QUIET_MS = 500;
/** A storm that never calms down still has its changes let go this often (held mutations keep removed nodes alive until then). */
const MAX_MS = 2_000;

interface MutationData { source: number; adds: unknown[]; removes: unknown[]; texts: unknown[]; attributes: unknown[] }

/** Changed nodes in an rrweb event: 0 unless it is a DOM mutation (whose four lists rrweb always fills). */
export function changedNodes(event: { type?: number; data?: unknown }): number {
  const d = event.data as MutationData;
  return event.type === EVENT_INCREMENTAL && d.source === SOURCE_MUTATION ? d.adds.length + d.removes.length + d.texts.length + d.attributes.length : 0;
}

export interface StormGuard {
  /** Told of every event before it is queued (all of them are sent). */
  seen(event: { type?: number; data?: unknown }): void;
  stop(): void;
}

export interface StormHooks {
  /** Tells rrweb to hold mutations (freezePage); a user event lets them go early, which is fine. */
  hold(): void;
  /** Lets the held mutations go (called from a timer, never from inside rrweb's emit). */
  release(): void;
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
  let timer = 0;
  let released = false;
  let unwatch = () => {};
  const settle = () => {
    // The storm is over, or has been held long enough: what it left streams under a fresh count.
    unwatch();
    stormSince = 0;
    windowStart = -Infinity;
    released = true;
    h.release();
  };
  const wait = () => {
    clearTimeout(timer);
    timer = window.setTimeout(settle, now() - stormSince >= MAX_MS ? 0 : QUIET_MS);
  };
  return {
    seen(event) {
      const nodes = changedNodes(event);
      if (!nodes) return;
      const t = now();
      if (released) {
        // The held changes let go (one mutation, however large): the storm's, not a new one.
        released = false;
        if (!stormSince) return;
      }
      if (!stormSince) {
        if (t - windowStart > 1000) {
          windowStart = t;
          windowNodes = 0;
        }
        windowNodes += nodes;
        if (windowNodes <= STORM_NODES) return;
        stormSince = t;
        h.onStorm(windowNodes);
        // Held mutations reach us no more, so the page itself says when it is quiet.
        unwatch = h.watch(wait);
      }
      // In a storm, changes a user event let go (rrweb does that) are sent, and the hold resumes.
      h.hold();
      wait();
    },
    stop() {
      clearTimeout(timer);
      unwatch();
    },
  };
}
