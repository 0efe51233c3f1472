/**
 * The same visitor is in or out of a sample on every page: a hash of a stable key
 * (the visitor id; visitor and survey id for a survey) decides, not a coin thrown per page.
 */
export function inSample(key: string, share: number): boolean {
  if (share >= 1) return true;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  // MurmurHash3's finaliser: without it, keys differing only at the end (one visitor, two
  // survey ids) hash to neighbours and two surveys would sample the same visitors.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  return (h % 10_000) / 10_000 < share;
}
