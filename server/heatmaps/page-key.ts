// A page for heatmaps, page views, sessions and survey answers: the URL without its
// fragment and without any query parameter but the ones the site declares make a
// page distinct (pageQueryKeys, e.g. ["page"] for a shop routing by ?page=). Other
// parameters (campaigns, ids, search terms) never split a page: their values may be
// personal, and every value would make a page of its own.

/** `key=value` pairs of the declared keys, in key order (stable for any URL order), values as they came. */
function declaredParams(query: string, keys: readonly string[]): string[] {
  const kept: { key: string; pair: string }[] = [];
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    // A key without a value (`?page` or `?page=`) names no page of its own.
    if (eq <= 0 || eq === pair.length - 1) continue;
    const key = decodeKey(pair.slice(0, eq));
    if (keys.includes(key)) kept.push({ key, pair });
  }
  // Array.prototype.sort is stable, so a key given twice keeps its values' order.
  return kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.pair);
}

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * The page a URL belongs to: `https://shop/demo?page=account` for keys ["page"],
 * `https://shop/demo` for no keys. Idempotent: a page key is its own page key,
 * so `url` in heatmap and session queries may be either a URL or a page key.
 */
export function pageKey(url: string, keys: readonly string[] = []): string {
  const noFragment = url.split('#', 1)[0] ?? url;
  const q = noFragment.indexOf('?');
  if (q < 0) return noFragment;
  const path = noFragment.slice(0, q);
  if (!keys.length) return path;
  const params = declaredParams(noFragment.slice(q + 1), keys);
  return params.length ? `${path}?${params.join('&')}` : path;
}
