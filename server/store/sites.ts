import type { Db } from './db.ts';
import type { NewSite, SiteSummary } from '../../contract/schemas/index.ts';

export interface Site {
  id: number;
  key: string;
  name: string;
  origins: string[];
  privacy: 'strict' | 'balanced';
  retentionDays: number;
  /** Query keys whose values the site declares safe (utm_* always are): strict masks the others. */
  pageQueryKeys: string[];
  /** Image address prefixes the site declares safe: strict mode records and captures them (contract/safe-images.ts). */
  safeImages: string[];
}

interface SiteRow { id: number; key: string; name: string; origins: string; privacy: 'strict' | 'balanced'; retention_days: number; page_query_keys: string; safe_images: string }

const toSite = (r: SiteRow): Site => ({
  id: r.id, key: r.key, name: r.name, origins: JSON.parse(r.origins) as string[], privacy: r.privacy, retentionDays: r.retention_days,
  pageQueryKeys: JSON.parse(r.page_query_keys) as string[], safeImages: JSON.parse(r.safe_images) as string[],
});
const COLUMNS = 'id, key, name, origins, privacy, retention_days, page_query_keys, safe_images';

export function sitesStore(db: Db) {
  const byKey = db.prepare<[string], SiteRow>(`SELECT ${COLUMNS} FROM sites WHERE key = ?`);
  const all = db.prepare<[], SiteRow>(`SELECT ${COLUMNS} FROM sites ORDER BY name`);
  // A change of keys starts the re-keying of the pages already stored (page-rekey.ts), in the same write.
  const setQueryKeys = db.prepare(
    `UPDATE sites SET page_query_keys = @keys, page_rekey = CASE WHEN page_query_keys = @keys THEN page_rekey ELSE '{"table":"page_views","after":0}' END WHERE id = @id`,
  );
  // A NULL leaves the setting as it is.
  const update = db.prepare('UPDATE sites SET name = coalesce(?, name), origins = coalesce(?, origins), privacy = coalesce(?, privacy), retention_days = coalesce(?, retention_days) WHERE id = ?');
  const setSafe = db.prepare('UPDATE sites SET safe_images = ? WHERE id = ?');
  const insert = db.prepare('INSERT INTO sites (key, name, origins, privacy, retention_days, safe_images, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');

  // Ingest looks the site up for every chunk; sites change rarely, so keep them in memory.
  const cache = new Map<string, Site | null>();

  return {
    siteByKey(key: string): Site | null {
      if (!cache.has(key)) {
        const row = byKey.get(key);
        if (cache.size > 10_000) cache.clear();
        cache.set(key, row ? toSite(row) : null);
      }
      return cache.get(key) ?? null;
    },
    listSites(): SiteSummary[] {
      return all.all().map(toSite).map(({ key, name, origins, privacy, retentionDays, pageQueryKeys, safeImages }) => ({ key, name, origins, privacy, retentionDays, pageQueryKeys, safeImages }));
    },
    /** True when the keys changed, so the site's stored pages are being re-keyed. */
    setPageQueryKeys(site: Site, keys: string[]): boolean {
      const changed = JSON.stringify(keys) !== JSON.stringify(site.pageQueryKeys);
      setQueryKeys.run({ keys: JSON.stringify(keys), id: site.id });
      cache.delete(site.key);
      return changed;
    },
    setSafeImages(site: Site, prefixes: string[]): void {
      setSafe.run(JSON.stringify(prefixes), site.id);
      cache.delete(site.key);
    },
    /** Changes the settings given; the others stay. */
    changeSite(site: Site, change: Partial<Pick<Site, 'name' | 'origins' | 'privacy' | 'retentionDays'>>): void {
      update.run(change.name ?? null, change.origins ? JSON.stringify(change.origins) : null, change.privacy ?? null, change.retentionDays ?? null, site.id);
      cache.delete(site.key);
    },
    createSite(key: string, site: Omit<NewSite, 'safeImages'> & { safeImages?: string[] }): Site {
      insert.run(key, site.name, JSON.stringify(site.origins.map((o) => new URL(o).origin)), site.privacy, site.retentionDays, JSON.stringify(site.safeImages ?? []), Date.now());
      cache.delete(key);
      const created = this.siteByKey(key);
      if (!created) throw new Error('site vanished after insert');
      return created;
    },
  };
}
