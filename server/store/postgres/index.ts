// The store on PostgreSQL: every namespace of the contract (contract.ts) over one pool,
// the live channel over LISTEN/NOTIFY and the background jobs' leadership over advisory
// locks. Any number of nodes may open it on one database at once.
import type { Store } from '../contract.ts';
import { openMigratedPg } from './open.ts';
import { redactedUrl } from './db.ts';
import { adoptSecret, keptSecret } from './secret-fingerprint.ts';
import { pgLiveChannel } from './live-channel.ts';
import { pgLeadership } from './leadership.ts';
import { pgSitesStore } from './sites.ts';
import { pgTokensStore } from './tokens.ts';
import { pgChunksStore } from './chunks.ts';
import { pgSessionsStore } from './sessions.ts';
import { pgEraseStore } from './erase.ts';
import { pgAuditStore } from './audit.ts';
import { pgVisitorsStore } from './visitors.ts';
import { pgHeatmapsStore } from './heatmaps.ts';
import { pgHeatmapHoursStore } from './heatmap-hours.ts';
import { pgSurveysStore } from './surveys.ts';
import { pgLeaksStore } from './leaks.ts';
import { pgAssetsStore } from './assets.ts';
import { pgReadinessStore } from './readiness.ts';
import { pgNotesStore } from './notes.ts';
import { pgPageRekeyStore } from './page-rekey.ts';
import { pgTagsStore } from './tags.ts';
import { pgSegmentsStore } from './segments.ts';

export interface PostgresStore extends Store {
  readonly backend: 'postgres';
  /** The key of the customer-id hashes: EINBLICK_SECRET_KEY's, or the one kept in the database. */
  readonly secret: Buffer;
}

export async function openPostgresStore(url: string, given: Buffer | undefined, o: { poolSize?: number } = {}): Promise<PostgresStore> {
  const pg = await openMigratedPg(url, { max: o.poolSize ?? 10 });
  let secret: Buffer;
  try {
    if (!given) {
      console.error('einblick: EINBLICK_SECRET_KEY is not set, so the key of the customer-id hashes is kept in the database, where every node finds it; a copy of the database then holds it too. Set EINBLICK_SECRET_KEY on every node to keep it apart (see README).');
    }
    secret = given ?? (await keptSecret(pg));
    await adoptSecret(pg, secret);
  } catch (err) {
    await pg.close();
    throw err;
  }
  const hours = pgHeatmapHoursStore(pg);
  const live = pgLiveChannel(pg, url);
  const leadership = pgLeadership(url);
  let closed = false;
  return {
    backend: 'postgres',
    location: redactedUrl(url),
    secret,
    get closed() {
      return closed;
    },
    live,
    leadership,
    sites: pgSitesStore(pg),
    tokens: pgTokensStore(pg),
    chunks: pgChunksStore(pg, hours),
    sessions: pgSessionsStore(pg),
    erasure: pgEraseStore(pg, hours),
    audit: pgAuditStore(pg),
    visitors: pgVisitorsStore(pg),
    heatmaps: pgHeatmapsStore(pg, hours),
    surveys: pgSurveysStore(pg),
    leaks: pgLeaksStore(pg),
    assets: pgAssetsStore(pg),
    readiness: pgReadinessStore(pg),
    notes: pgNotesStore(pg),
    pages: pgPageRekeyStore(pg, hours),
    tags: pgTagsStore(pg),
    segments: pgSegmentsStore(pg),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([live.close(), leadership.close()]);
      await pg.close();
    },
  };
}
