// A replay is watched segment by segment (the first, then the rest in the background,
// then any seek): one audit row per viewing, not one per request. A viewing is one
// token's reads of one session within the window (by token id: labels need not be unique).
const WINDOW_MS = 10 * 60 * 1000;
const LIMIT = 10_000;

export function replayReadLog(now: () => number = Date.now) {
  const lastAudited = new Map<string, number>();
  return {
    /** True when this read starts a new viewing and so belongs in the audit trail. */
    isNewViewing(tokenId: number, sessionId: string): boolean {
      const key = `${tokenId}\u0000${sessionId}`;
      const at = now();
      const last = lastAudited.get(key);
      if (last !== undefined && at - last < WINDOW_MS) return false;
      if (lastAudited.size >= LIMIT) lastAudited.clear();
      lastAudited.set(key, at);
      return true;
    },
  };
}

export type ReplayReadLog = ReturnType<typeof replayReadLog>;
