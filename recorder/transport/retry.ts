// When to try a chunk (or a survey answer) again.
const MAX_RETRY_MS = 60_000;

/** Exponential backoff with full jitter; honours Retry-After when the server sends it. */
export function retryDelay(attempt: number, retryAfter: string | null, random: () => number = Math.random): number {
  const seconds = Number(retryAfter);
  if (retryAfter && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_MS);
  const cap = Math.min(1000 * 2 ** attempt, MAX_RETRY_MS);
  return cap / 2 + random() * (cap / 2);
}
