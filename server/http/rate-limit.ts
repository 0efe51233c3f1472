// Token buckets, in memory only: the client key (an IP address) is never stored.
export interface Bucket { tokens: number; at: number }

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed in a burst. */
  burst: number;
}

/**
 * Takes one token for `key`; answers 0 when allowed, else the seconds to wait
 * before the next token is there (for Retry-After).
 */
export function createLimiter(limit: RateLimit, maxKeys = 100_000) {
  const buckets = new Map<string, Bucket>();
  return function take(key: string, now = Date.now()): number {
    let b = buckets.get(key);
    if (!b) {
      // Forget idle clients rather than grow without bound under many addresses.
      if (buckets.size >= maxKeys) buckets.clear();
      b = { tokens: limit.burst, at: now };
      buckets.set(key, b);
    }
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / limit.perSecond);
  };
}
