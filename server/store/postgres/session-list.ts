// The sessions list as PostgreSQL text: the same filters, sorts and keyset cursors as the
// SQLite list (../session-list.ts, whose filter type, sort and platform parsing this
// reuses), so a page and its cursor mean the same rows on both backends.
//
// There is no planner of ours here (SQLite's is ../session-plan.ts): PostgreSQL keeps
// statistics of each filter's rows (ANALYZE, autovacuum), sees that a rare tag or event
// makes few sessions and that a common flag is better checked while walking the sort's
// index, and turns the EXISTS probes into semi-joins either way. So every filter is one
// plain WHERE term and the database chooses what drives.
//
// Ids compare and sort by their bytes (COLLATE "C"), as SQLite's BINARY does: the keyset
// `s.id > $afterId` must order ids as the ORDER BY did, whatever the database's locale.
// The schema declares the column so; saying it here too keeps a cursor right should a
// column ever lose it, and costs nothing (the same collation, so the indexes still serve).
import { sortOf, splitPlatform, type SessionFilter } from '../session-list.ts';

export const C = 'COLLATE "C"';

/** Positional parameters ($1..$n) collected as terms are added. */
export class Params {
  readonly values: unknown[] = [];
  /** The placeholder of `value`. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Rows of page view `p` that are `url`'s page, or whose URL contains it (as SQLite's instr). */
const pageMatches = (url: string) => `(p.page = ${url} OR strpos(p.url, ${url}) > 0)`;

export function pgListQuery(f: SessionFilter, columns: string): { sql: string; values: unknown[] } {
  const p = new Params();
  const where: string[] = [];
  if (f.siteId !== undefined) where.push(`s.site_id = ${p.add(f.siteId)}`);
  if (f.from !== undefined) where.push(`s.started_at >= ${p.add(f.from)}`);
  if (f.to !== undefined) where.push(`s.started_at <= ${p.add(f.to)}`);
  if (f.minDuration !== undefined) where.push(`s.duration >= ${p.add(f.minDuration)}`);
  if (f.maxDuration !== undefined) where.push(`s.duration <= ${p.add(f.maxDuration)}`);
  if (f.device !== undefined) where.push(`s.device = ${p.add(f.device)}`);
  if (f.rage) where.push('s.rage_count > 0');
  if (f.dead) where.push('s.dead_count > 0');
  if (f.answered) where.push('s.answered = 1');
  if (f.identified) where.push('s.identified = 1');
  for (const key of ['browser', 'os'] as const) {
    const value = f[key];
    if (value === undefined) continue;
    const { family, major } = splitPlatform(value);
    where.push(`s.${key} = ${p.add(family)}`);
    if (major !== undefined) where.push(`s.${key}_major = ${p.add(major)}`);
  }
  if (f.url !== undefined && f.clicked === undefined) {
    where.push(`EXISTS (SELECT 1 FROM page_views p WHERE p.session_id = s.id AND ${pageMatches(p.add(f.url))})`);
  }
  if (f.clicked !== undefined) {
    const clicked = p.add(f.clicked);
    if (f.url === undefined) where.push(`EXISTS (SELECT 1 FROM clicks c WHERE c.site_id = s.site_id AND c.selector = ${clicked} AND c.session_id = s.id)`);
    else {
      where.push(`EXISTS (SELECT 1 FROM clicks c JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
        WHERE c.site_id = s.site_id AND c.selector = ${clicked} AND c.session_id = s.id AND ${pageMatches(p.add(f.url))})`);
    }
  }
  if (f.event !== undefined) where.push(`EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = s.id AND e.name = ${p.add(f.event)})`);
  if (f.tag !== undefined) where.push(`EXISTS (SELECT 1 FROM session_tags t WHERE t.session_id = s.id AND t.tag = ${p.add(f.tag)})`);
  if (f.survey !== undefined) {
    const survey = p.add(f.survey);
    const low = f.scoreMax !== undefined ? ` AND a.score <= ${p.add(f.scoreMax)}` : ' AND a.score IS NOT NULL';
    where.push(`EXISTS (SELECT 1 FROM survey_answers a WHERE a.session_id = s.id AND a.survey_id = ${survey}${low})`);
  }
  const { column, descending } = sortOf(f.sort);
  if (f.after !== undefined) {
    // Descending: (key DESC, id ASC); ascending: (key ASC, id DESC), as in SQLite. The plain
    // bound on the key alone is what lets PostgreSQL start the index walk at the cursor
    // (an OR is no index bound): without it a deep page reads every row before it.
    const key = p.add(f.after.key);
    const id = p.add(f.after.id);
    where.push(descending
      ? `${column} <= ${key} AND (${column} < ${key} OR (${column} = ${key} AND s.id ${C} > ${id}))`
      : `${column} >= ${key} AND (${column} > ${key} OR (${column} = ${key} AND s.id ${C} < ${id}))`);
  }
  const order = descending ? `${column} DESC, s.id ${C} ASC` : `${column} ASC, s.id ${C} DESC`;
  const sql = `SELECT ${columns} FROM sessions s JOIN sites st ON st.id = s.site_id
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${order} LIMIT ${p.add(f.limit + 1)}`;
  return { sql, values: p.values };
}
