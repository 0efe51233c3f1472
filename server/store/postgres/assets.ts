// Captured assets on PostgreSQL: the same rows and answers as ../assets.ts, for several
// nodes at once. The two queues (chunks to scan, URLs to fetch) are claimed, not just
// read: each node's claim is its id and a lease's end on the row (migration 002), taken
// with FOR UPDATE SKIP LOCKED so two nodes claiming at once take different rows. A node
// sees its own claimed rows again on its next turn, as the SQLite worker does; another
// node's only once their lease ran out (that node died, or is stuck).
import { createHash, randomUUID } from 'node:crypto';
import type { Pg, Queryable } from './db.ts';
import { lockTombstoneKeys } from './erasure-locks.ts';
import { tombstoneKey } from '../tombstone.ts';
import { ASSET_URLS_PER_SITE_DAY, type assetsStore, type AssetKind, type AssetReportRow, type AssetScan, type AssetState, type QueuedAsset, type SessionAssetUse } from '../assets.ts';
import type { Async } from '../contract.ts';

const REPORT_ROWS = 2000;
/** A chunk's scan takes milliseconds; a stylesheet with its references may take minutes. */
export const SCAN_LEASE_MS = 60_000;
export const FETCH_LEASE_MS = 10 * 60_000;
/** The database's clock, not each node's: leases are compared across nodes. */
const NOW_MS = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';

/** Serializes the writers of one content's bytes with erasure's check that no URL uses them. */
const lockHash = (on: Queryable, hash: string) => on.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`einblick:asset-bytes:${hash}`]);

/** `node`: this node's claimer id; tests give two stores two ids, as two nodes have. */
export function pgAssetsStore(pg: Pg, o: { node?: string } = {}) {
  const node = o.node ?? randomUUID();

  /** The URL's row (made, queued, if new), counted against the site's day when it is new. */
  async function urlOf(c: Queryable, siteId: number, url: string, day: number, kind: AssetKind, state: AssetState, reason: string | null) {
    const added = await pg.run(
      `INSERT INTO asset_urls (site_id, url, day, kind, state, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, NULL)
       ON CONFLICT (site_id, url, day) DO NOTHING`, [siteId, url, day, kind, state, reason], c,
    );
    const row = (await pg.row<{ id: number; state: AssetState; reason: string | null; hash: string | null }>(
      'SELECT id, state, reason, hash FROM asset_urls WHERE site_id = $1 AND url = $2 AND day = $3', [siteId, url, day], c,
    ))!;
    return { added, row };
  }

  return {
    /** The next chunks to read for asset URLs, oldest first, claimed by this node. */
    async nextAssetScans(limit: number): Promise<AssetScan[]> {
      const rows = await pg.rows<{ id: number; session_id: string; seq: number; data: Buffer | null; received_at: number | null; site_id: number | null; part_count: number | null; privacy: 'strict' | 'balanced' | null; safe_images: string | null; origins: string | null }>(
        `WITH pick AS (
           SELECT id FROM asset_scans WHERE claimed_by IS NULL OR claimed_by = $2 OR claimed_until < ${NOW_MS}
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE asset_scans a SET claimed_by = $2, claimed_until = ${NOW_MS} + $3 FROM pick WHERE a.id = pick.id RETURNING a.id, a.session_id, a.seq
         )
         SELECT s.id, s.session_id, s.seq, c.data, c.received_at, se.site_id, c.part_count, si.privacy, si.safe_images, si.origins FROM claimed s
         LEFT JOIN chunks c ON c.session_id = s.session_id AND c.seq = s.seq
         LEFT JOIN sessions se ON se.id = s.session_id LEFT JOIN sites si ON si.id = se.site_id ORDER BY s.id`,
        [limit, node, SCAN_LEASE_MS],
      );
      return rows.map((r) => ({ id: r.id, sessionId: r.session_id, seq: r.seq, data: r.data, receivedAt: r.received_at ?? 0, siteId: r.site_id, partCount: r.part_count, privacy: r.privacy,
        safeImages: JSON.parse(r.safe_images ?? '[]') as string[], origins: JSON.parse(r.origins ?? '[]') as string[] }));
    },
    async dropAssetScan(id: number): Promise<void> {
      await pg.run('DELETE FROM asset_scans WHERE id = $1', [id]);
    },
    /** The asset URLs a scanned chunk's session uses; personal images are kept as failed, never fetched. */
    async recordSessionAssets(scanId: number, sessionId: string, siteId: number, day: number, uses: readonly SessionAssetUse[]): Promise<void> {
      await pg.tx(async (c) => {
        // An erasure of the session either finished (the session is gone) or waits for this.
        // Taken first: the erasure, holding it, deletes this session's scans too.
        await lockTombstoneKeys([tombstoneKey(sessionId)], c);
        await pg.run('DELETE FROM asset_scans WHERE id = $1', [scanId], c);
        if (!(await pg.row('SELECT 1 AS one FROM sessions WHERE id = $1', [sessionId], c))) return;
        // One writer per site and day, so nodes together keep to the daily cap.
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`einblick:asset-day:${siteId}:${day}`]);
        let room = ASSET_URLS_PER_SITE_DAY - (await pg.row<{ n: number }>('SELECT count(*) AS n FROM asset_urls WHERE site_id = $1 AND day = $2', [siteId, day], c))!.n;
        for (const use of uses) {
          if (room <= 0 && !(await pg.row('SELECT 1 AS one FROM asset_urls WHERE site_id = $1 AND url = $2 AND day = $3', [siteId, use.url, day], c))) continue;
          const { added, row } = await urlOf(c, siteId, use.url, day, use.kind, use.personal ? 'failed' : 'queued', use.personal ? 'personal' : null);
          room -= added;
          // An image one recording marks safe is captured even if another showed it unmarked first.
          if (!use.personal && row.reason === 'personal') {
            await pg.run("UPDATE asset_urls SET state = 'queued', reason = NULL, detail = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND reason = 'personal'", [row.id], c);
          }
          await pg.run('INSERT INTO session_assets (session_id, asset_url_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [sessionId, row.id], c);
        }
      });
    },
    /** The capture's two queues, for /metrics: chunks still to be read for asset URLs, and URLs still to be fetched. */
    async queueDepths(): Promise<{ scans: number; fetches: number }> {
      const r = await pg.row<{ scans: number; fetches: number }>(
        "SELECT (SELECT count(*) FROM asset_scans) AS scans, (SELECT count(*) FROM asset_urls WHERE state = 'queued') AS fetches",
      );
      return { scans: r!.scans, fetches: r!.fetches };
    },
    /** Queued URLs, oldest first, claimed by this node: no other node fetches them while its lease runs. */
    async queuedAssets(limit: number): Promise<QueuedAsset[]> {
      const rows = await pg.rows<{ id: number; site_id: number; url: string; kind: AssetKind; day: number }>(
        `WITH pick AS (
           SELECT id FROM asset_urls WHERE state = 'queued' AND (claimed_by IS NULL OR claimed_by = $2 OR claimed_until < ${NOW_MS})
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
         )
         UPDATE asset_urls a SET claimed_by = $2, claimed_until = ${NOW_MS} + $3 FROM pick WHERE a.id = pick.id
         RETURNING a.id, a.site_id, a.url, a.kind, a.day`,
        [limit, node, FETCH_LEASE_MS],
      );
      return rows.sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, siteId: r.site_id, url: r.url, kind: r.kind, day: r.day }));
    },
    /** The row of an asset a stylesheet pulls in (made, queued, if new), tied to that stylesheet. */
    async assetDependency(parentId: number, siteId: number, url: string, day: number, kind: AssetKind): Promise<{ id: number; state: AssetState; hash: string | null }> {
      return pg.tx(async (c) => {
        const { row } = await urlOf(c, siteId, url, day, kind, 'queued', null);
        await pg.run('INSERT INTO asset_deps (parent_id, child_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [parentId, row.id], c);
        return { id: row.id, state: row.state, hash: row.hash };
      });
    },
    async assetState(id: number): Promise<{ state: AssetState; hash: string | null } | undefined> {
      // With its reason, as SQLite's answers it.
      return pg.row<{ state: AssetState; hash: string | null }>('SELECT state, hash, reason FROM asset_urls WHERE id = $1', [id]);
    },
    /** Keeps the bytes (once per content) and marks the URL captured; answers their hash. */
    async assetCaptured(id: number, bytes: Buffer, contentType: string): Promise<string> {
      const hash = createHash('sha256').update(bytes).digest('hex');
      await pg.tx(async (c) => {
        await lockHash(c, hash);
        await pg.run('INSERT INTO assets (hash, content_type, size, body, stored_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [hash, contentType, bytes.length, bytes, Date.now()], c);
        await pg.run("UPDATE asset_urls SET state = 'captured', hash = $1, reason = NULL, detail = NULL, claimed_by = NULL, claimed_until = NULL WHERE id = $2", [hash, id], c);
      });
      return hash;
    },
    async assetFailed(id: number, reason: string, detail: string): Promise<void> {
      await pg.run("UPDATE asset_urls SET state = 'failed', reason = $1, detail = $2, claimed_by = NULL, claimed_until = NULL WHERE id = $3", [reason, detail.slice(0, 300), id]);
    },
    async assetBody(hash: string): Promise<{ contentType: string; body: Buffer } | undefined> {
      const row = await pg.row<{ content_type: string; body: Buffer }>('SELECT content_type, body FROM assets WHERE hash = $1', [hash]);
      return row && { contentType: row.content_type, body: row.body };
    },
    /** Every asset a session's replay uses, with what a stylesheet pulls in: the fidelity report. */
    async sessionAssetReport(sessionId: string): Promise<AssetReportRow[]> {
      const rows = await pg.rows<{ url: string; kind: AssetKind; state: AssetState; hash: string | null; reason: string | null; detail: string | null; parent_url: string | null }>(
        `WITH RECURSIVE used(id, parent_id) AS (
           SELECT asset_url_id::bigint, NULL::bigint FROM session_assets WHERE session_id = $1
           UNION SELECT d.child_id::bigint, d.parent_id::bigint FROM asset_deps d JOIN used u ON d.parent_id = u.id
         )
         SELECT a.url, a.kind, a.state, a.hash, a.reason, a.detail, p.url AS parent_url
         FROM used u JOIN asset_urls a ON a.id = u.id LEFT JOIN asset_urls p ON p.id = u.parent_id
         ORDER BY u.parent_id IS NOT NULL, a.id LIMIT $2`,
        [sessionId, REPORT_ROWS],
      );
      return rows.map((r) => ({ url: r.url, kind: r.kind, state: r.state, hash: r.hash, reason: r.reason, detail: r.detail, parentUrl: r.parent_url }));
    },
  } satisfies Async<ReturnType<typeof assetsStore>>;
}

/**
 * Erasure's part: a session's uses go, and so does every asset no other session uses
 * (through no other stylesheet either). Runs on the erasure's transaction `on`.
 */
export function pgAssetErasure(pg: Pg) {
  return async function eraseSessionAssets(sessionId: string, on: Queryable): Promise<void> {
    const todo = (await pg.rows<{ id: number }>('DELETE FROM session_assets WHERE session_id = $1 RETURNING asset_url_id AS id', [sessionId], on)).map((r) => r.id);
    await pg.run('DELETE FROM asset_scans WHERE session_id = $1', [sessionId], on);
    const seen = new Set<number>();
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id)) continue;
      const still = await pg.row(
        'SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM session_assets WHERE asset_url_id = $1) OR EXISTS (SELECT 1 FROM asset_deps WHERE child_id = $1)', [id], on,
      );
      if (still) continue;
      seen.add(id);
      const kids = (await pg.rows<{ id: number }>('SELECT child_id AS id FROM asset_deps WHERE parent_id = $1', [id], on)).map((r) => r.id);
      const hash = (await pg.row<{ hash: string | null }>('SELECT hash FROM asset_urls WHERE id = $1', [id], on))?.hash ?? null;
      // The bytes' lock before the URL's row, in the order assetCaptured takes them.
      if (hash) await lockHash(on, hash);
      await pg.run('DELETE FROM asset_urls WHERE id = $1', [id], on); // and, by cascade, its asset_deps rows
      todo.push(...kids);
      if (hash && !(await pg.row('SELECT 1 AS one FROM asset_urls WHERE hash = $1 LIMIT 1', [hash], on))) await pg.run('DELETE FROM assets WHERE hash = $1', [hash], on);
    }
  };
}
