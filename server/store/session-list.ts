// The sessions list as SQL: every filter a WHERE term on the session row (its counters
// and flags are kept at ingest) or an EXISTS probe by primary key into a side table,
// and every sort a keyset over an index of (site, key DESC, id), read forwards for
// descending and backwards for ascending, so paging stays correct and cheap for each sort.
import type { Device, SessionSort } from '../../contract/schemas/index.ts';

export interface SessionFilter {
  siteId?: number;
  from?: number;
  to?: number;
  url?: string;
  minDuration?: number;
  maxDuration?: number;
  device?: Device;
  /** Sessions with an answer to this survey, scoring at most scoreMax when given. */
  survey?: string;
  scoreMax?: number;
  rage?: boolean;
  dead?: boolean;
  identified?: boolean;
  answered?: boolean;
  event?: string;
  /** A clicked selector; with url, clicked on a page view whose URL contains it. */
  clicked?: string;
  tag?: string;
  browser?: string;
  os?: string;
  sort?: SessionSort;
  limit: number;
  after?: ListCursor;
}

/** Where the previous page ended: its last row's sort key and id, under the sort that made it. */
export interface ListCursor { sort: SessionSort; key: number; id: string }

/** Filters that have their own index, which may drive a query (session-plan.ts). */
export type Driver = 'tag' | 'event' | 'clicked' | 'rage' | 'answered' | 'dead' | 'identified' | 'browser' | 'os';

/** `drive`: the filter whose rows are fetched and sorted; `index`: the index the query reads. */
export interface Plan { drive?: Driver; index?: string }

const SORT_COLUMN = { startedAt: 's.started_at', duration: 's.duration', clicks: 's.click_count', rage: 's.rage_count' } as const;

export function sortOf(sort: SessionSort | undefined): { column: string; field: keyof typeof SORT_COLUMN; descending: boolean } {
  const s = sort ?? '-startedAt';
  const descending = s.startsWith('-');
  const field = (descending ? s.slice(1) : s) as keyof typeof SORT_COLUMN;
  return { column: SORT_COLUMN[field], field, descending };
}

/** "Chrome 120" → family and major; "Microsoft Edge" → family only. */
export function splitPlatform(value: string): { family: string; major?: string } {
  const m = /^(.*\S)\s+(\d+)$/.exec(value.trim());
  return m ? { family: m[1]!, major: m[2]! } : { family: value.trim() };
}

/** The statement's SQL and its named parameters; the SQL depends only on which filters are set, so statements are cached by it. */
export function listQuery(f: SessionFilter, columns: string, plan: Plan = {}): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: f.limit + 1 };
  const set = (name: string, value: unknown) => void (params[name] = value);
  if (f.siteId !== undefined) where.push('s.site_id = @siteId'), set('siteId', f.siteId);
  if (f.from !== undefined) where.push('s.started_at >= @from'), set('from', f.from);
  if (f.to !== undefined) where.push('s.started_at <= @to'), set('to', f.to);
  if (f.minDuration !== undefined) where.push('s.duration >= @minDuration'), set('minDuration', f.minDuration);
  if (f.maxDuration !== undefined) where.push('s.duration <= @maxDuration'), set('maxDuration', f.maxDuration);
  if (f.device !== undefined) where.push('s.device = @device'), set('device', f.device);
  if (f.rage) where.push('s.rage_count > 0');
  if (f.dead) where.push('s.dead_count > 0');
  if (f.answered) where.push('s.answered = 1');
  if (f.identified) where.push('s.identified = 1');
  for (const [key, column] of [['browser', 'browser'], ['os', 'os']] as const) {
    const value = f[key];
    if (value === undefined) continue;
    const { family, major } = splitPlatform(value);
    where.push(`s.${column} = @${key}`), set(key, family);
    if (major !== undefined) where.push(`s.${column}_major = @${key}Major`), set(`${key}Major`, major);
  }
  if (f.url !== undefined && f.clicked === undefined) {
    where.push('EXISTS (SELECT 1 FROM page_views p WHERE p.session_id = s.id AND (p.page = @url OR instr(p.url, @url) > 0))'), set('url', f.url);
  }
  if (f.clicked !== undefined) {
    set('clicked', f.clicked);
    if (plan.drive === 'clicked') where.push('s.id IN (SELECT session_id FROM clicks INDEXED BY clicks_selector WHERE site_id = @siteId AND selector = @clicked)');
    if (f.url === undefined) {
      if (plan.drive !== 'clicked') where.push('EXISTS (SELECT 1 FROM clicks c WHERE c.site_id = s.site_id AND c.selector = @clicked AND c.session_id = s.id)');
    }
    else {
      set('url', f.url);
      where.push(`EXISTS (SELECT 1 FROM clicks c JOIN page_views p ON p.session_id = c.session_id AND p.pv = c.pv
        WHERE c.site_id = s.site_id AND c.selector = @clicked AND c.session_id = s.id AND (p.page = @url OR instr(p.url, @url) > 0))`);
    }
  }
  if (f.event !== undefined) {
    set('event', f.event);
    where.push(plan.drive === 'event' ? 's.id IN (SELECT session_id FROM session_events WHERE site_id = @siteId AND name = @event)' : 'EXISTS (SELECT 1 FROM session_events e WHERE e.session_id = s.id AND e.name = @event)');
  }
  if (f.tag !== undefined) {
    set('tag', f.tag);
    where.push(plan.drive === 'tag' ? 's.id IN (SELECT session_id FROM session_tags WHERE site_id = @siteId AND tag = @tag)' : 'EXISTS (SELECT 1 FROM session_tags t WHERE t.session_id = s.id AND t.tag = @tag)');
  }
  if (f.survey !== undefined) {
    const low = f.scoreMax !== undefined ? ' AND a.score <= @scoreMax' : ' AND a.score IS NOT NULL';
    where.push(`EXISTS (SELECT 1 FROM survey_answers a WHERE a.session_id = s.id AND a.survey_id = @survey${low})`), set('survey', f.survey);
    if (f.scoreMax !== undefined) set('scoreMax', f.scoreMax);
  }
  const { column, descending } = sortOf(f.sort);
  if (f.after !== undefined) {
    // Descending: (key DESC, id ASC); ascending: (key ASC, id DESC), the same index read backwards.
    where.push(descending ? `(${column} < @afterKey OR (${column} = @afterKey AND s.id > @afterId))` : `(${column} > @afterKey OR (${column} = @afterKey AND s.id < @afterId))`);
    set('afterKey', f.after.key), set('afterId', f.after.id);
  }
  const order = descending ? `${column} DESC, s.id ASC` : `${column} ASC, s.id DESC`;
  const sql = `SELECT ${columns} FROM sessions s ${plan.index ? `INDEXED BY ${plan.index} ` : ''}JOIN sites st ON st.id = s.site_id
    ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY ${order} LIMIT @limit`;
  return { sql, params };
}
