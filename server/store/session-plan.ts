// Which index a sessions-list query reads, chosen here rather than by SQLite's planner:
// without statistics it reads every session matching a flag and sorts them, where
// reading an index already in the list's order stops after 50 rows; and it cannot know
// that a tag no session carries needs no scan at all. So each filter that has its own
// index is counted first, up to DRIVE_AT rows (a millisecond at most). The rarest one,
// if under that, drives: its few sessions are fetched and sorted. Otherwise the list
// walks an index in its sort order (for the newest first, the partial index of a flag
// the query has), and checks the other filters row by row until the page is full.
// Measured on 1M sessions in bench/session-filters.ts.
import type { Db } from './db.ts';
import { sortOf, splitPlatform, type Driver, type Plan, type SessionFilter } from './session-list.ts';

export const DRIVE_AT = 4000;

/** Partial or leading indexes of the filters on the session row, in the order they usually narrow most. */
const FLAG_INDEX: [Driver, string][] = [
  ['rage', 'sessions_site_raged'],
  ['answered', 'sessions_site_answered'],
  ['dead', 'sessions_site_dead'],
  ['identified', 'sessions_site_identified'],
  ['browser', 'sessions_site_browser'],
  ['os', 'sessions_site_os'],
];
const SORT_INDEX = { startedAt: 'sessions_site_started', duration: 'sessions_site_duration', clicks: 'sessions_site_clicks', rage: 'sessions_site_rage' } as const;
const ALL_SITES_SORT_INDEX = { startedAt: 'sessions_started', duration: 'sessions_duration', clicks: 'sessions_clicks', rage: 'sessions_rage' } as const;
/** A text primary key's own index, which SQLite names this way: the driven sessions are looked up by id. */
export const BY_ID_INDEX = 'sqlite_autoindex_sessions_1';

/** `driveAt`: DRIVE_AT; tests set 0 (never drive) and a large one (always drive) to check both ways give the same rows. */
export function sessionPlanner(db: Db, driveAt = DRIVE_AT) {
  const capped = (sql: string) => db.prepare<unknown[], { n: number }>(`SELECT count(*) AS n FROM (${sql} LIMIT ${driveAt})`);
  const flag = (index: string, where: string) => capped(`SELECT 1 FROM sessions INDEXED BY ${index} WHERE site_id = ? AND ${where}`);
  const counters: Record<Driver, ReturnType<typeof capped>> = {
    tag: capped('SELECT 1 FROM session_tags WHERE site_id = ? AND tag = ?'),
    event: capped('SELECT 1 FROM session_events WHERE site_id = ? AND name = ?'),
    clicked: capped('SELECT 1 FROM clicks INDEXED BY clicks_selector WHERE site_id = ? AND selector = ?'),
    rage: flag('sessions_site_raged', 'rage_count > 0'),
    answered: flag('sessions_site_answered', 'answered = 1'),
    dead: flag('sessions_site_dead', 'dead_count > 0'),
    identified: flag('sessions_site_identified', 'identified = 1'),
    browser: flag('sessions_site_browser', 'browser = ?'),
    os: flag('sessions_site_os', 'os = ?'),
  };

  function argsOf(d: Driver, f: SessionFilter): unknown[] | null {
    switch (d) {
      case 'tag': case 'event': case 'clicked': return f[d] === undefined ? null : [f[d]];
      case 'browser': case 'os': return f[d] === undefined ? null : [splitPlatform(f[d]).family];
      default: return f[d] ? [] : null;
    }
  }

  return function plan(f: SessionFilter): Plan {
    // Without a site the per-site indexes do not apply: the list walks its sort's index over
    // every site (SQLite's own choice would sort every session matching a flag first).
    if (f.siteId === undefined) return { index: ALL_SITES_SORT_INDEX[sortOf(f.sort).field] };
    let rarest: { drive: Driver; n: number } | null = null;
    for (const d of Object.keys(counters) as Driver[]) {
      const args = argsOf(d, f);
      if (!args) continue;
      const n = counters[d].get(f.siteId, ...args)!.n;
      if (n < driveAt && (!rarest || n < rarest.n)) rarest = { drive: d, n };
    }
    if (rarest) {
      const own = FLAG_INDEX.find(([d]) => d === rarest.drive);
      return { drive: rarest.drive, index: own ? own[1] : BY_ID_INDEX };
    }
    const { field } = sortOf(f.sort);
    if (field === 'startedAt') {
      const ordered = FLAG_INDEX.find(([d]) => argsOf(d, f));
      if (ordered) return { index: ordered[1] };
    }
    return { index: SORT_INDEX[field] };
  };
}
