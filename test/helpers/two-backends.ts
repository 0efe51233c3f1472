// One scenario, both backends, for the sessions, surveys, assets and erasure tests: the
// ingest stores of pg-ingest.ts (sites 'shop' and 'blog' on each), sessions recorded
// through both backends' chunk writes, and rows only a test sets up put into both alike.
import { bothBackends, chunkWrite, type Backends } from './pg-ingest.ts';
import type { Pg } from '../../server/store/postgres/db.ts';

export type Row = Record<string, unknown>;

export interface TwoBackends extends Backends {
  pg: Pg;
  blogId: number;
  /** One statement with `?` placeholders, run on both. */
  exec(sql: string, ...params: unknown[]): Promise<void>;
  /** A stored session of `chunks` chunks (seq 0 with one page view), written through both backends' ingest. */
  recordSession(s: { siteId: number; visitor: string; session: string; startedAt: number; chunks?: number; url?: string }): Promise<void>;
}

export async function twoBackends(): Promise<TwoBackends> {
  const b = await bothBackends('shop');
  const pg = b.postgres.pg;
  const blogId = (await b.sqlite.sites.createSite('blog', { name: 'Blog', origins: [], retentionDays: 90, privacy: 'balanced' })).id;
  await pg.run("INSERT INTO sites (id, key, name, privacy, created_at) VALUES ($1, 'blog', 'Blog', 'balanced', 1)", [blogId]);
  return {
    ...b,
    pg,
    blogId,
    async exec(sql, ...params) {
      b.sqlite.db.prepare(sql).run(...params);
      let n = 0;
      await pg.run(sql.replace(/\?/g, () => `$${++n}`), params);
    },
    async recordSession(s) {
      const site = s.siteId === blogId ? 'blog' : 'shop';
      const writes = Array.from({ length: s.chunks ?? 1 }, (_, seq) => chunkWrite(s.siteId, {
        site, visitor: s.visitor, session: s.session, seq, clicks: [], scroll: [],
        pages: seq ? [] : [{ pv: 0, url: s.url ?? `https://${site}.example/`, ts: s.startedAt, viewportWidth: 1280, viewportHeight: 800, docWidth: 1280, docHeight: 2000 }],
      }, { firstTs: s.startedAt + seq * 1000, lastTs: s.startedAt + seq * 1000 + 999 }));
      const stored = await b.sqlite.chunks.writeChunks(writes);
      const onPg = await b.postgres.chunks.writeChunks(writes);
      if (JSON.stringify(onPg) !== JSON.stringify(stored) || stored[0] !== 'started') throw new Error(`${s.session} not stored alike: ${stored} / ${onPg}`);
    },
  };
}

/** The tables holding any of `needles` in any column (text, or bytes read as text), with how many rows. */
export function tablesHolding(tables: Record<string, Row[]>, needles: string[]): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [table, rows] of Object.entries(tables)) {
    const n = rows.filter((r) => Object.values(r).some((v) => {
      const text = Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
      return needles.some((needle) => text.includes(needle));
    })).length;
    if (n) found[table] = n;
  }
  return found;
}
