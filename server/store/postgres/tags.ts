// Researchers' tags on sessions, on PostgreSQL: the whole set replaced at once, counted per site.
import type { Pg } from './db.ts';
import type { StoreNamespaces } from '../contract.ts';

export function pgTagsStore(pg: Pg) {
  return {
    /** The session's tags become `tags` (duplicates fold); null when there is no such session. */
    setTags: (session: string, tags: string[]): Promise<string[] | null> =>
      pg.tx(async (c) => {
        // FOR UPDATE: two replacements of one session's set do not interleave their deletes and inserts.
        const row = await pg.row<{ site_id: number }>('SELECT site_id FROM sessions WHERE id = $1 FOR UPDATE', [session], c);
        if (!row) return null;
        await pg.run('DELETE FROM session_tags WHERE session_id = $1', [session], c);
        if (tags.length) {
          await pg.run('INSERT INTO session_tags (session_id, site_id, tag) SELECT $1, $2, t FROM unnest($3::text[]) t ON CONFLICT DO NOTHING', [session, row.site_id, tags], c);
        }
        //: tags sort by bytes, as SQLite's do, whatever the database's locale.
        return (await pg.rows<{ tag: string }>('SELECT tag FROM session_tags WHERE session_id = $1 ORDER BY tag', [session], c)).map((r) => r.tag);
      }),
    /** Each tag of a site with the number of sessions that carry it, most used first. */
    tagCounts: (siteId: number): Promise<{ tag: string; sessions: number }[]> =>
      pg.rows<{ tag: string; sessions: number }>(
        'SELECT tag, count(*) AS sessions FROM session_tags WHERE site_id = $1 GROUP BY tag ORDER BY sessions DESC, tag LIMIT 500',
        [siteId],
      ),
  } satisfies StoreNamespaces['tags'];
}
