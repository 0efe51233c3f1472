// A saved segment's filters (as the API keeps them: epoch ms, durations in ms, flags
// true) back into the page's own URL filters, so picking a segment navigates to a URL
// that anyone can open and get the same list.
import type { Segment } from '../../../contract/schemas/index.ts';
import { KEYS, type ListFilters } from './session-filters.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** The viewer's local day holding this moment, as an `<input type=date>` value. */
const localDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export function filtersOfSegment(segment: Segment): ListFilters {
  const f = Object.fromEntries(KEYS.map((k) => [k, ''])) as unknown as ListFilters;
  const s = segment.filters;
  f.site = segment.site;
  if (s.from !== undefined) f.from = localDay(s.from);
  if (s.to !== undefined) f.to = localDay(s.to);
  if (s.minDuration !== undefined) f.minSeconds = String(s.minDuration / 1000);
  if (s.maxDuration !== undefined) f.maxSeconds = String(s.maxDuration / 1000);
  for (const key of ['rage', 'dead', 'answered', 'identified'] as const) if (s[key]) f[key] = '1';
  for (const key of ['url', 'device', 'survey', 'event', 'clicked', 'tag', 'browser', 'os', 'sort'] as const) if (s[key] !== undefined) f[key] = String(s[key]);
  if (s.scoreMax !== undefined) f.scoreMax = String(s.scoreMax);
  return f;
}
