// The hash-chained audit trail on PostgreSQL. Several nodes append to one chain: each
// append takes a transaction-scoped advisory lock before it reads the last hash, so two
// appends never both chain onto the same row (which verify would report as broken).
import type { Pg } from './db.ts';
import { auditHash, type AuditEntry, type AuditFilter, type AuditRow } from '../audit.ts';
import type { StoreNamespaces } from '../contract.ts';
import { LOCKS, lockKey } from './locks.ts';

const GENESIS = '0'.repeat(64);
/** Rows read per query while verifying: the chain may be long, memory stays flat. */
const VERIFY_BATCH = 1000;

interface Row { id: number; at: number; actor_label: string; actor_role: string; action: string; object_hash: string | null; detail: string; prev_hash: string; hash: string }

const toAuditRow = (r: Row): AuditRow => ({
  id: r.id, at: r.at, actorLabel: r.actor_label, actorRole: r.actor_role, action: r.action,
  objectHash: r.object_hash, detail: JSON.parse(r.detail) as AuditEntry['detail'], prevHash: r.prev_hash, hash: r.hash,
});

export function pgAuditStore(pg: Pg) {
  return {
    appendAudit: (e: AuditEntry): Promise<void> =>
      pg.tx(async (c) => {
        await pg.run('SELECT pg_advisory_xact_lock($1)', [lockKey(LOCKS.audit)], c);
        const prevHash = (await pg.row<{ hash: string }>('SELECT hash FROM audit ORDER BY id DESC LIMIT 1', [], c))?.hash ?? GENESIS;
        await pg.run(
          'INSERT INTO audit (at, actor_label, actor_role, action, object_hash, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [e.at, e.actorLabel, e.actorRole, e.action, e.objectHash, JSON.stringify(e.detail), prevHash, auditHash(prevHash, e)],
          c,
        );
      }),

    async listAudit(f: AuditFilter): Promise<AuditRow[]> {
      const where: string[] = [];
      const values: unknown[] = [];
      const when = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (f.from !== undefined) when('at >= ?', f.from);
      if (f.to !== undefined) when('at <= ?', f.to);
      if (f.action !== undefined) when('action = ?', f.action);
      if (f.objectHash !== undefined) when('object_hash = ?', f.objectHash);
      values.push(f.limit);
      const sql = `SELECT * FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${values.length}`;
      return (await pg.rows<Row>(sql, values)).map(toAuditRow);
    },

    /** Walks the whole chain; answers the first broken row's id, or null when intact. */
    async verifyAudit(): Promise<{ rows: number; brokenAt: number | null }> {
      let prev = GENESIS;
      let rows = 0;
      let after = 0;
      for (;;) {
        const batch = await pg.rows<Row>('SELECT * FROM audit WHERE id > $1 ORDER BY id LIMIT $2', [after, VERIFY_BATCH]);
        for (const r of batch) {
          const row = toAuditRow(r);
          rows++;
          if (row.prevHash !== prev || auditHash(prev, row) !== row.hash) return { rows, brokenAt: row.id };
          prev = row.hash;
        }
        if (batch.length < VERIFY_BATCH) return { rows, brokenAt: null };
        after = batch[batch.length - 1]!.id;
      }
    },
  } satisfies StoreNamespaces['audit'];
}
