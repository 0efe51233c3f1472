// Captured assets: the bytes (once per content), each site's asset URLs per day with
// their capture state, which sessions use which, and what a stylesheet pulls in.
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

export type AssetKind = 'stylesheet' | 'font' | 'image';
export type AssetState = 'queued' | 'captured' | 'failed';

export interface AssetScan {
  id: number;
  sessionId: string;
  seq: number;
  /** null when the chunk or its session is gone (erased before its turn). */
  data: Buffer | null;
  receivedAt: number;
  siteId: number | null;
  /** A part of one huge event split over chunks: not scanned. */
  partCount: number | null;
  privacy: 'strict' | 'balanced' | null;
  /** The site's declared safe image prefixes and its origins (contract/safe-images.ts); [] when unknown. */
  safeImages: string[];
  origins: string[];
}

export interface QueuedAsset { id: number; siteId: number; url: string; kind: AssetKind; day: number }

export interface SessionAssetUse { url: string; kind: AssetKind; personal: boolean }

export interface AssetReportRow {
  url: string;
  kind: AssetKind;
  state: AssetState;
  hash: string | null;
  reason: string | null;
  detail: string | null;
  /** The stylesheet that pulls it in; null when the recording names it. */
  parentUrl: string | null;
}

export const dayOf = (ms: number): number => Math.floor(ms / 86_400_000);

const REPORT_ROWS = 2000;
/**
 * Asset URLs taken per site and day: recordings are written by strangers, and a forged
 * stream of chunks must not queue unbounded fetches. Past it, new URLs are not captured
 * (their replays drop them) until the next day.
 */
export const ASSET_URLS_PER_SITE_DAY = 20_000;

export function assetsStore(db: Db) {
  const scans = db.prepare<[number], { id: number; session_id: string; seq: number; data: Buffer | null; received_at: number | null; site_id: number | null; part_count: number | null; privacy: 'strict' | 'balanced' | null; safe_images: string | null; origins: string | null }>(
    `SELECT s.id, s.session_id, s.seq, c.data, c.received_at, se.site_id, c.part_count, si.privacy, si.safe_images, si.origins FROM asset_scans s
     LEFT JOIN chunks c ON c.session_id = s.session_id AND c.seq = s.seq
     LEFT JOIN sessions se ON se.id = s.session_id LEFT JOIN sites si ON si.id = se.site_id ORDER BY s.id LIMIT ?`,
  );
  const dropScan = db.prepare('DELETE FROM asset_scans WHERE id = ?');
  const insertUrl = db.prepare('INSERT OR IGNORE INTO asset_urls (site_id, url, day, kind, state, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const urlRow = db.prepare<[number, string, number], { id: number; state: AssetState; reason: string | null }>('SELECT id, state, reason FROM asset_urls WHERE site_id = ? AND url = ? AND day = ?');
  // An image one recording marks safe is captured even if another showed it unmarked first.
  const requeue = db.prepare("UPDATE asset_urls SET state = 'queued', reason = NULL, detail = NULL WHERE id = ? AND reason = 'personal'");
  const urlsOfDay = db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM asset_urls WHERE site_id = ? AND day = ?');
  const sessionExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM sessions WHERE id = ?');
  const useAsset = db.prepare('INSERT OR IGNORE INTO session_assets (session_id, asset_url_id) VALUES (?, ?)');
  const queued = db.prepare<[number], { id: number; site_id: number; url: string; kind: AssetKind; day: number }>("SELECT id, site_id, url, kind, day FROM asset_urls WHERE state = 'queued' ORDER BY id LIMIT ?");
  const queuedCount = db.prepare("SELECT count(*) FROM asset_urls WHERE state = 'queued'").pluck();
  const scansCount = db.prepare('SELECT count(*) FROM asset_scans').pluck();
  const addDep = db.prepare('INSERT OR IGNORE INTO asset_deps (parent_id, child_id) VALUES (?, ?)');
  const insertBytes = db.prepare('INSERT OR IGNORE INTO assets (hash, content_type, size, body, stored_at) VALUES (?, ?, ?, ?, ?)');
  const markCaptured = db.prepare("UPDATE asset_urls SET state = 'captured', hash = ?, reason = NULL, detail = NULL WHERE id = ?");
  const markFailed = db.prepare("UPDATE asset_urls SET state = 'failed', reason = ?, detail = ? WHERE id = ?");
  const byId = db.prepare<[number], { state: AssetState; hash: string | null; reason: string | null }>('SELECT state, hash, reason FROM asset_urls WHERE id = ?');
  const body = db.prepare<[string], { content_type: string; body: Buffer }>('SELECT content_type, body FROM assets WHERE hash = ?');
  const report = db.prepare<[string, number], { url: string; kind: AssetKind; state: AssetState; hash: string | null; reason: string | null; detail: string | null; parent_url: string | null }>(
    `WITH RECURSIVE used(id, parent_id) AS (
       SELECT asset_url_id, NULL FROM session_assets WHERE session_id = ?
       UNION SELECT d.child_id, d.parent_id FROM asset_deps d JOIN used u ON d.parent_id = u.id
     )
     SELECT a.url, a.kind, a.state, a.hash, a.reason, a.detail, p.url AS parent_url
     FROM used u JOIN asset_urls a ON a.id = u.id LEFT JOIN asset_urls p ON p.id = u.parent_id
     ORDER BY u.parent_id IS NOT NULL, a.id LIMIT ?`,
  );

  const recordUses = db.transaction((scanId: number, sessionId: string, siteId: number, day: number, uses: readonly SessionAssetUse[]) => {
    dropScan.run(scanId);
    if (!sessionExists.get(sessionId)) return;
    let room = ASSET_URLS_PER_SITE_DAY - urlsOfDay.get(siteId, day)!.n;
    for (const use of uses) {
      if (room <= 0 && !urlRow.get(siteId, use.url, day)) continue;
      room -= insertUrl.run(siteId, use.url, day, use.kind, use.personal ? 'failed' : 'queued', use.personal ? 'personal' : null, null).changes;
      const row = urlRow.get(siteId, use.url, day)!;
      if (!use.personal && row.reason === 'personal') requeue.run(row.id);
      useAsset.run(sessionId, row.id);
    }
  });

  return {
    /** The next chunks to read for asset URLs, oldest first. */
    nextAssetScans(limit: number): AssetScan[] {
      return scans.all(limit).map((r) => ({ id: r.id, sessionId: r.session_id, seq: r.seq, data: r.data, receivedAt: r.received_at ?? 0, siteId: r.site_id, partCount: r.part_count, privacy: r.privacy,
        safeImages: JSON.parse(r.safe_images ?? '[]') as string[], origins: JSON.parse(r.origins ?? '[]') as string[] }));
    },
    dropAssetScan(id: number): void {
      dropScan.run(id);
    },
    /** The asset URLs a scanned chunk's session uses; personal images are kept as failed, never fetched. */
    recordSessionAssets(scanId: number, sessionId: string, siteId: number, day: number, uses: readonly SessionAssetUse[]): void {
      recordUses(scanId, sessionId, siteId, day, uses);
    },
    /** The capture's two queues, for /metrics: chunks still to be read for asset URLs, and URLs still to be fetched. */
    queueDepths(): { scans: number; fetches: number } {
      return { scans: scansCount.get() as number, fetches: queuedCount.get() as number };
    },
    queuedAssets(limit: number): QueuedAsset[] {
      return queued.all(limit).map((r) => ({ id: r.id, siteId: r.site_id, url: r.url, kind: r.kind, day: r.day }));
    },
    /** The row of an asset a stylesheet pulls in (made, queued, if new), tied to that stylesheet. */
    assetDependency(parentId: number, siteId: number, url: string, day: number, kind: AssetKind): { id: number; state: AssetState; hash: string | null } {
      insertUrl.run(siteId, url, day, kind, 'queued', null, null);
      const row = urlRow.get(siteId, url, day)!;
      addDep.run(parentId, row.id);
      const now = byId.get(row.id)!;
      return { id: row.id, state: now.state, hash: now.hash };
    },
    assetState(id: number): { state: AssetState; hash: string | null } | undefined {
      return byId.get(id);
    },
    /** Keeps the bytes (once per content) and marks the URL captured; answers their hash. */
    assetCaptured(id: number, bytes: Buffer, contentType: string): string {
      const hash = createHash('sha256').update(bytes).digest('hex');
      insertBytes.run(hash, contentType, bytes.length, bytes, Date.now());
      markCaptured.run(hash, id);
      return hash;
    },
    assetFailed(id: number, reason: string, detail: string): void {
      markFailed.run(reason, detail.slice(0, 300), id);
    },
    assetBody(hash: string): { contentType: string; body: Buffer } | undefined {
      const row = body.get(hash);
      return row && { contentType: row.content_type, body: row.body };
    },
    /** Every asset a session's replay uses, with what a stylesheet pulls in: the fidelity report. */
    sessionAssetReport(sessionId: string): AssetReportRow[] {
      return report.all(sessionId, REPORT_ROWS).map((r) => ({ url: r.url, kind: r.kind, state: r.state, hash: r.hash, reason: r.reason, detail: r.detail, parentUrl: r.parent_url }));
    },
  };
}

/**
 * Erasure's part: a session's uses go, and so does every asset no other session uses
 * (through no other stylesheet either). Runs inside the erasure's transaction.
 */
export function assetErasure(db: Db) {
  const usesOf = db.prepare<[string], { id: number }>('SELECT asset_url_id AS id FROM session_assets WHERE session_id = ?');
  const dropUses = db.prepare('DELETE FROM session_assets WHERE session_id = ?');
  const dropScans = db.prepare('DELETE FROM asset_scans WHERE session_id = ?');
  const stillUsed = db.prepare<[number, number], { one: number }>(
    'SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM session_assets WHERE asset_url_id = ?) OR EXISTS (SELECT 1 FROM asset_deps WHERE child_id = ?)',
  );
  const children = db.prepare<[number], { id: number }>('SELECT child_id AS id FROM asset_deps WHERE parent_id = ?');
  const hashOf = db.prepare<[number], { hash: string | null }>('SELECT hash FROM asset_urls WHERE id = ?');
  const dropUrl = db.prepare('DELETE FROM asset_urls WHERE id = ?');
  const hashUsed = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM asset_urls WHERE hash = ? LIMIT 1');
  const dropBytes = db.prepare('DELETE FROM assets WHERE hash = ?');

  return function eraseSessionAssets(sessionId: string): void {
    const todo = usesOf.all(sessionId).map((r) => r.id);
    dropUses.run(sessionId);
    dropScans.run(sessionId);
    const seen = new Set<number>();
    while (todo.length) {
      const id = todo.pop()!;
      if (seen.has(id) || stillUsed.get(id, id)) continue;
      seen.add(id);
      const kids = children.all(id).map((r) => r.id);
      const hash = hashOf.get(id)?.hash ?? null;
      dropUrl.run(id); // and, by cascade, its asset_deps rows
      todo.push(...kids);
      if (hash && !hashUsed.get(hash)) dropBytes.run(hash);
    }
  };
}
