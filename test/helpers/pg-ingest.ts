// The ingest and heatmap stores on both backends side by side, for tests that write the
// same chunks through each and compare what they answer: SQLite in memory, PostgreSQL
// in a fresh database of the test's own (dropped by close()).
import { createHash } from 'node:crypto';
import { createStore } from '../../server/store/index.ts';
import { openDatabase } from '../../server/store/db.ts';
import { openMigratedPg } from '../../server/store/postgres/open.ts';
import { openPg, type Pg } from '../../server/store/postgres/db.ts';
import { pgHeatmapHoursStore } from '../../server/store/postgres/heatmap-hours.ts';
import { pgChunksStore } from '../../server/store/postgres/chunks.ts';
import { pgHeatmapsStore } from '../../server/store/postgres/heatmaps.ts';
import { pgPageRekeyStore } from '../../server/store/postgres/page-rekey.ts';
import { freshPgDatabase } from './postgres.ts';
import type { ChunkWrite } from '../../server/store/chunks.ts';
import type { ChunkFacts } from '../../contract/schemas/index.ts';

export type SqliteStore = ReturnType<typeof createStore>;

export function pgIngestStores(pg: Pg) {
  const hours = pgHeatmapHoursStore(pg);
  return { pg, hours, chunks: pgChunksStore(pg, hours), heatmaps: pgHeatmapsStore(pg, hours), pages: pgPageRekeyStore(pg, hours) };
}
export type PgIngestStores = ReturnType<typeof pgIngestStores>;

export interface Backends {
  sqlite: SqliteStore;
  postgres: PgIngestStores;
  /** The site both backends hold, with the same key and id. */
  siteKey: string;
  siteId: number;
  /** Another pool on the same PostgreSQL database: a second node. */
  secondNode(): PgIngestStores;
  close(): Promise<void>;
}

/** Both backends with one site (`key`), whose page keys are `queryKeys`. */
export async function bothBackends(key: string, queryKeys: string[] = []): Promise<Backends> {
  const sqlite = createStore(openDatabase(':memory:'));
  const site = await sqlite.sites.createSite(key, { name: key, origins: [], retentionDays: 90, privacy: 'balanced' });
  if (queryKeys.length) await sqlite.sites.setPageQueryKeys(site, queryKeys);
  const db = await freshPgDatabase('pgingest');
  const pg = await openMigratedPg(db.url);
  await pg.run("INSERT INTO sites (id, key, name, privacy, created_at, page_query_keys) VALUES ($1, $2, $2, 'balanced', $3, $4)", [site.id, key, Date.now(), JSON.stringify(queryKeys)]);
  const pools: Pg[] = [pg];
  return {
    sqlite,
    postgres: pgIngestStores(pg),
    siteKey: key,
    siteId: site.id,
    secondNode() {
      const other = openPg(db.url);
      pools.push(other);
      return pgIngestStores(other);
    },
    async close() {
      await sqlite.close();
      for (const p of pools) await p.close().catch(() => {});
      await db.drop();
    },
  };
}

/** A site's page keys changed, as the sites store does it on either backend: the new keys and a re-key pass to run. */
export async function setPageQueryKeys(b: Backends, keys: string[]): Promise<void> {
  await b.sqlite.sites.setPageQueryKeys((await b.sqlite.sites.siteByKey(b.siteKey))!, keys);
  await b.postgres.pg.run(
    `UPDATE sites SET page_query_keys = $1, page_rekey = CASE WHEN page_query_keys = $1 THEN page_rekey ELSE '{"table":"page_views","after":0}' END WHERE id = $2`,
    [JSON.stringify(keys), b.siteId],
  );
}

/** A chunk as ingest hands it to the store; its hash is of its facts, so equal facts are a retry. */
export function chunkWrite(siteId: number, chunk: ChunkFacts, o: Partial<Omit<ChunkWrite, 'siteId' | 'chunk'>> = {}): ChunkWrite {
  const times = [...chunk.pages.map((p) => p.ts), ...chunk.clicks.map((c) => c.ts), ...chunk.scroll.map((s) => s.ts)];
  const firstTs = times.length ? Math.min(...times) : 0;
  return {
    siteId, chunk, eventCount: times.length + 1, data: Buffer.from(JSON.stringify(chunk)), hash: createHash('sha256').update(JSON.stringify(chunk)).digest(),
    firstTs, lastTs: times.length ? Math.max(...times) : 0, fullSnapshot: chunk.pages.length > 0, externalHash: null, consent: null, receivedAt: firstTs + 5000,
    ...o,
  };
}
