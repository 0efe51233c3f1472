// Appends to and reads the hash-chained audit trail.
import { createHash } from 'node:crypto';
import type { Db } from './db.ts';

export type { AuditEntry, AuditRow } from '../../contract/schemas/index.ts';
import type { AuditEntry, AuditRow } from '../../contract/schemas/index.ts';

export interface AuditFilter {
  from?: number;
  to?: number;
  action?: string;
  objectHash?: string;
  limit: number;
}

const GENESIS = '0'.repeat(64);

/** The row's hash covers every field and the previous hash, in a fixed order. */
export function auditHash(prevHash: string, e: AuditEntry): string {
  return createHash('sha256').update(JSON.stringify([prevHash, e.at, e.actorLabel, e.actorRole, e.action, e.objectHash, e.detail])).digest('hex');
}

interface Row { id: number; at: number; actor_label: string; actor_role: string; action: string; object_hash: string | null; detail: string; prev_hash: string; hash: string }

const toAuditRow = (r: Row): AuditRow => ({
  id: r.id, at: r.at, actorLabel: r.actor_label, actorRole: r.actor_role, action: r.action,
  objectHash: r.object_hash, detail: JSON.parse(r.detail) as AuditEntry['detail'], prevHash: r.prev_hash, hash: r.hash,
});

export function auditStore(db: Db) {
  const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(
    `INSERT INTO audit (at, actor_label, actor_role, action, object_hash, detail, prev_hash, hash)
     VALUES (@at, @actorLabel, @actorRole, @action, @objectHash, @detail, @prevHash, @hash)`,
  );
  const all = db.prepare<[], Row>('SELECT * FROM audit ORDER BY id');
  const append = db.transaction((e: AuditEntry): void => {
    const prevHash = last.get()?.hash ?? GENESIS;
    insert.run({ ...e, detail: JSON.stringify(e.detail), prevHash, hash: auditHash(prevHash, e) });
  });

  return {
    appendAudit: (e: AuditEntry): void => append.immediate(e),

    listAudit(f: AuditFilter): AuditRow[] {
      const where: string[] = [];
      if (f.from !== undefined) where.push('at >= @from');
      if (f.to !== undefined) where.push('at <= @to');
      if (f.action !== undefined) where.push('action = @action');
      if (f.objectHash !== undefined) where.push('object_hash = @objectHash');
      const sql = `SELECT * FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`;
      return (db.prepare(sql).all(f) as Row[]).map(toAuditRow);
    },

    /** Walks the whole chain; answers the first broken row's id, or null when intact. */
    verifyAudit(): { rows: number; brokenAt: number | null } {
      let prev = GENESIS;
      let rows = 0;
      for (const r of all.iterate()) {
        const row = toAuditRow(r);
        rows++;
        if (row.prevHash !== prev || auditHash(prev, row) !== row.hash) return { rows, brokenAt: row.id };
        prev = row.hash;
      }
      return { rows, brokenAt: null };
    },
  };
}
