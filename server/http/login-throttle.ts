// Failed sign-ins per client address, in memory only (no address is stored). Tokens
// carry 256 random bits, so guessing is hopeless anyway; the throttle keeps a guesser
// from costing us a hash, a query and an audit row per attempt, and makes a burst of
// failures visible as 429s. IPv6 clients are counted per /64: one host holds them all.
export interface LoginThrottleOptions {
  /** Failures allowed at once. */
  burst: number;
  /** One more failure allowed per this many ms. */
  refillMs: number;
  /** Addresses tracked; the longest-idle one is forgotten first. */
  maxClients: number;
}

export const LOGIN_THROTTLE: LoginThrottleOptions = { burst: 10, refillMs: 6_000, maxClients: 10_000 };

/** The part of an address that one client controls. */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().replace(/%.*$/, '').split('::');
  const before = head ? head.split(':') : [];
  const after = tail ? tail.split(':') : [];
  const groups = tail === undefined ? before : [...before, ...Array<string>(Math.max(0, 8 - before.length - after.length)).fill('0'), ...after];
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

export function createLoginThrottle(o: LoginThrottleOptions = LOGIN_THROTTLE) {
  const clients = new Map<string, { failures: number; at: number }>();

  /** Failures still counted for `key` at `now`, with the bucket refilled. */
  function current(key: string, now: number): { failures: number; at: number } | undefined {
    const c = clients.get(key);
    if (!c) return undefined;
    const refilled = Math.floor((now - c.at) / o.refillMs);
    if (refilled > 0) {
      c.failures = Math.max(0, c.failures - refilled);
      c.at += refilled * o.refillMs;
    }
    if (c.failures === 0) {
      clients.delete(key);
      return undefined;
    }
    return c;
  }

  return {
    /** Seconds to wait before this client may try again; 0 when it may now. */
    retryAfter(key: string, now = Date.now()): number {
      const c = current(key, now);
      if (!c || c.failures < o.burst) return 0;
      return Math.max(1, Math.ceil((c.at + o.refillMs - now) / 1000));
    },
    failed(key: string, now = Date.now()): void {
      const c = current(key, now);
      if (c) {
        c.failures++;
        // Most recently failed last, so the first entry is the one idle longest.
        clients.delete(key);
        clients.set(key, c);
        return;
      }
      if (clients.size >= o.maxClients) clients.delete(clients.keys().next().value!);
      clients.set(key, { failures: 1, at: now });
    },
    get size(): number {
      return clients.size;
    },
  };
}
