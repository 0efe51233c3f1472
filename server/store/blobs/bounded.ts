// Many object-store calls at once, but not all at once: a batch of 500 chunks or a
// retention run of 10,000 sessions must not open 10,000 connections.

/** Runs `fn` over `items`, `width` at a time; after a failure starts no more, waits for the running ones, then throws it. */
export async function eachBounded<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: { err: unknown } | null = null;
  const lane = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (err) {
        failed ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failed) throw (failed as { err: unknown }).err;
}

/** `fn` over `items`, `width` at a time, results in order. */
export async function mapBounded<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  await eachBounded(items, width, async (item, i) => {
    out[i] = await fn(item);
  });
  return out;
}
