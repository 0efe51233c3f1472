// Sites on PostgreSQL. Ingest looks a site up for every chunk, so lookups are cached, but
// for SITE_CACHE_MS only: another node may change a site (its origins, privacy, query
// keys), and a cache kept forever, as SQLite's single process can, would go on with the
// old settings there. A change made on this node clears its own entry at once.
import type { Pg } from './db.ts';
import type { Site } from '../sites.ts';
import type { NewSite, SiteSummary } from '../../../contract/schemas/index.ts';
import type { StoreNamespaces } from '../contract.ts';

/** How long another node's change to a site may go unseen here. */
export const SITE_CACHE_MS = 2_000;

interface SiteRow { id: number; key: string; name: string; origins: string; privacy: 'strict' | 'balanced'; retention_days: number; page_query_keys: string; safe_images: string }

const toSite = (r: SiteRow): Site => ({
  id: r.id, key: r.key, name: r.name, origins: JSON.parse(r.origins) as string[], privacy: r.privacy, retentionDays: r.retention_days,
  pageQueryKeys: JSON.parse(r.page_query_keys) as string[], safeImages: JSON.parse(r.safe_images) as string[],
});
const COLUMNS = 'id, key, name, origins, privacy, retention_days, page_query_keys, safe_images';

export function pgSitesStore(pg: Pg, now: () => number = Date.now) {
  const cache = new Map<string, { site: Site | null; until: number }>();

  async function siteByKey(key: string): Promise<Site | null> {
    // Keys are made of letters, digits, _ and -: a NUL, which PostgreSQL would refuse with an error, names no site.
    if (key.includes('\u0000')) return null;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.site;
    const row = await pg.row<SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE key = $1`, [key]);
    if (cache.size > 10_000) cache.clear();
    const site = row ? toSite(row) : null;
    cache.set(key, { site, until: now() + SITE_CACHE_MS });
    return site;
  }

  return {
    siteByKey,
    async listSites(): Promise<SiteSummary[]> {
      const rows = await pg.rows<SiteRow>(`SELECT ${COLUMNS} FROM sites ORDER BY name`);
      return rows.map(toSite).map(({ key, name, origins, privacy, retentionDays, pageQueryKeys, safeImages }) => ({ key, name, origins, privacy, retentionDays, pageQueryKeys, safeImages }));
    },
    /** True when the keys changed, so the site's stored pages are being re-keyed. */
    async setPageQueryKeys(site: Site, keys: string[]): Promise<boolean> {
      const changed = JSON.stringify(keys) !== JSON.stringify(site.pageQueryKeys);
      // A change of keys starts the re-keying of the pages already stored (page-rekey), in the same write.
      await pg.run(
        `UPDATE sites SET page_query_keys = $1, page_rekey = CASE WHEN page_query_keys = $1 THEN page_rekey ELSE '{"table":"page_views","after":0}' END WHERE id = $2`,
        [JSON.stringify(keys), site.id],
      );
      cache.delete(site.key);
      return changed;
    },
    async setSafeImages(site: Site, prefixes: string[]): Promise<void> {
      await pg.run('UPDATE sites SET safe_images = $1 WHERE id = $2', [JSON.stringify(prefixes), site.id]);
      cache.delete(site.key);
    },
    /** Changes the settings given; the others stay. */
    async changeSite(site: Site, change: Partial<Pick<Site, 'name' | 'origins' | 'privacy' | 'retentionDays'>>): Promise<void> {
      await pg.run(
        'UPDATE sites SET name = coalesce($1, name), origins = coalesce($2, origins), privacy = coalesce($3, privacy), retention_days = coalesce($4, retention_days) WHERE id = $5',
        [change.name ?? null, change.origins ? JSON.stringify(change.origins) : null, change.privacy ?? null, change.retentionDays ?? null, site.id],
      );
      cache.delete(site.key);
    },
    async createSite(key: string, site: Omit<NewSite, 'safeImages'> & { safeImages?: string[] }): Promise<Site> {
      const row = await pg.row<SiteRow>(
        `INSERT INTO sites (key, name, origins, privacy, retention_days, safe_images, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [key, site.name, JSON.stringify(site.origins.map((o) => new URL(o).origin)), site.privacy, site.retentionDays, JSON.stringify(site.safeImages ?? []), Date.now()],
      );
      if (!row) throw new Error('site vanished after insert');
      cache.delete(key);
      return toSite(row);
    },
  } satisfies StoreNamespaces['sites'];
}
