// Researchers' tags on sessions: the whole set replaced at once, counted per site.
import type { Db } from './db.ts';

export function tagsStore(db: Db) {
  const siteOf = db.prepare<[string], { site_id: number }>('SELECT site_id FROM sessions WHERE id = ?');
  const clear = db.prepare('DELETE FROM session_tags WHERE session_id = ?');
  const add = db.prepare('INSERT OR IGNORE INTO session_tags (session_id, site_id, tag) VALUES (?, ?, ?)');
  const ofSession = db.prepare<[string], { tag: string }>('SELECT tag FROM session_tags WHERE session_id = ? ORDER BY tag');
  const counts = db.prepare<[number], { tag: string; sessions: number }>(
    'SELECT tag, count(*) AS sessions FROM session_tags WHERE site_id = ? GROUP BY tag ORDER BY sessions DESC, tag LIMIT 500',
  );

  return {
    /** The session's tags become `tags` (duplicates fold); null when there is no such session. */
    setTags: db.transaction((session: string, tags: string[]): string[] | null => {
      const row = siteOf.get(session);
      if (!row) return null;
      clear.run(session);
      for (const tag of tags) add.run(session, row.site_id, tag);
      return ofSession.all(session).map((r) => r.tag);
    }),
    /** Each tag of a site with the number of sessions that carry it, most used first. */
    tagCounts: (siteId: number): { tag: string; sessions: number }[] => counts.all(siteId),
  };
}
