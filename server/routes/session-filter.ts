// A parsed list query (or saved segment) as the store's filter: only what was given,
// so an absent filter never becomes `undefined` in the SQL's parameters.
import type { SessionFilters } from '../../contract/schemas/index.ts';
import type { SessionFilter } from '../store/sessions.ts';

export function toSessionFilter(f: SessionFilters): Omit<SessionFilter, 'limit'> {
  const out: Omit<SessionFilter, 'limit'> = {};
  for (const [key, value] of Object.entries(f) as [keyof SessionFilters, unknown][]) {
    if (value === undefined || value === '') continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
