// How much of each main-thread task is the recorder's own work, from a Chromium trace.
// The "longest task" rows count the page's rendering too: a 10,000-node re-render is one
// long task whether or not anything records it, and rrweb's MutationObserver callback
// runs at the end of that very task. The goal is about the recorder's work, so
// this attributes CPU time to it: the trace's V8 CPU profile samples (every ~0.2 ms) are
// each charged to the top-level task they fall in, and count as the recorder's when any
// frame of the sampled stack belongs to the recorder's script (so DOM calls it makes and
// functions it calls are its work; the page's own script, style, layout and paint are not).

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: { data?: { startTime?: number; cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } };
}
interface ProfileNode { id: number; parent?: number; callFrame: { url?: string } }

const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** Per top-level task of the thread that ran the recorder: its length and the recorder's share (ms), in order. */
export function recorderShares(events: TraceEvent[], isRecorder: (url: string) => boolean): { taskMs: number; recorderMs: number }[] {
  // Samples, with whether each one's stack holds a recorder frame.
  // A profile's chunks come from V8's profiler thread: the thread sampled is the one of its Profile event.
  const starts = new Map<string, number>();
  const sampled = new Map<string, number>();
  for (const e of events)
    if (e.name === 'Profile') {
      starts.set(`${e.pid}:${e.id}`, e.args?.data?.startTime ?? e.ts);
      sampled.set(`${e.pid}:${e.id}`, e.tid);
    }
  const ours = new Map<string, boolean>();
  const parents = new Map<string, string>();
  const samples: { t: number; tid: number; ours: boolean }[] = [];
  const pending: { t: number; tid: number; node: string }[] = [];
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const profile = `${e.pid}:${e.id}`;
    const data = e.args?.data ?? {};
    for (const n of data.cpuProfile?.nodes ?? []) {
      const key = `${profile}:${n.id}`;
      ours.set(key, isRecorder(n.callFrame.url ?? ''));
      if (n.parent !== undefined) parents.set(key, `${profile}:${n.parent}`);
    }
    let t = starts.get(profile) ?? e.ts;
    (data.cpuProfile?.samples ?? []).forEach((s, i) => {
      t += data.timeDeltas?.[i] ?? 0;
      pending.push({ t, tid: sampled.get(profile) ?? e.tid, node: `${profile}:${s}` });
    });
    starts.set(profile, t);
  }
  const inStack = (key: string | undefined): boolean => {
    for (; key; key = parents.get(key)) if (ours.get(key)) return true;
    return false;
  };
  for (const p of pending) samples.push({ t: p.t, tid: p.tid, ours: inStack(p.node) });
  samples.sort((a, b) => a.t - b.t);
  const thread = samples.find((s) => s.ours)?.tid;
  if (thread === undefined) return [];
  const mine = samples.filter((s) => s.tid === thread);
  // Top-level tasks: nested task events (the two names above come in pairs) fold into the outer one.
  const tasks: { start: number; end: number; recorder: number }[] = [];
  for (const e of events.filter((x) => x.tid === thread && x.ph === 'X' && TASKS.has(x.name)).sort((a, b) => a.ts - b.ts)) {
    const last = tasks[tasks.length - 1];
    if (last && e.ts < last.end) last.end = Math.max(last.end, e.ts + (e.dur ?? 0));
    else tasks.push({ start: e.ts, end: e.ts + (e.dur ?? 0), recorder: 0 });
  }
  // Each sample stands for the time until the next one; both lists are in time order.
  let k = 0;
  for (let i = 0; i + 1 < mine.length; i++) {
    const s = mine[i]!;
    if (!s.ours) continue;
    while (k < tasks.length && tasks[k]!.end < s.t) k++;
    const task = tasks[k];
    if (task && task.start <= s.t) task.recorder += Math.min(mine[i + 1]!.t, task.end) - s.t;
  }
  return tasks.map((t) => ({ taskMs: (t.end - t.start) / 1000, recorderMs: t.recorder / 1000 }));
}
