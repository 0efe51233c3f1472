// API tokens and viewer logins on PostgreSQL: the same rules as ../tokens.ts.
import type { Pg } from './db.ts';
import { LAST_USED_GRANULARITY_MS, type TokenIdentity } from '../tokens.ts';
import type { Role, TokenInfo } from '../../../contract/schemas/index.ts';
import type { StoreNamespaces } from '../contract.ts';

interface TokenRow { id: number; label: string; role: Role; created_at: number; last_used_at: number | null; revoked_at: number | null }
type Identified = TokenIdentity & { last_used_at: number | null };

const toInfo = (r: TokenRow): TokenInfo => ({ id: r.id, label: r.label, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });
const INFO = 'id, label, role, created_at, last_used_at, revoked_at';

export function pgTokensStore(pg: Pg) {
  /** Notes a use; cheap because the row is written at most once per LAST_USED_GRANULARITY_MS. */
  async function used(row: Identified | undefined, now: number): Promise<TokenIdentity | null> {
    if (!row) return null;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_GRANULARITY_MS) {
      await pg.run('UPDATE tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)', [now, row.id, now - LAST_USED_GRANULARITY_MS]);
    }
    return { id: row.id, label: row.label, role: row.role };
  }

  return {
    async insertToken(hash: string, role: Role, label: string, fromEnv = false): Promise<void> {
      await pg.run('INSERT INTO tokens (label, role, hash, created_at, from_env) VALUES ($1, $2, $3, $4, $5)', [label, role, hash, Date.now(), fromEnv ? 1 : 0]);
    },
    /** The live token with this hash, noting its use. */
    tokenByHash: async (hash: string, now = Date.now()): Promise<TokenIdentity | null> =>
      used(await pg.row<Identified>('SELECT id, label, role, last_used_at FROM tokens WHERE hash = $1 AND revoked_at IS NULL', [hash]), now),
    activeAdminCount: async (): Promise<number> =>
      (await pg.row<{ n: number }>("SELECT count(*) AS n FROM tokens WHERE role = 'admin' AND revoked_at IS NULL"))?.n ?? 0,
    async insertLogin(hash: string, tokenId: number, expiresAt: number): Promise<void> {
      await pg.tx(async (c) => {
        await pg.run('DELETE FROM viewer_logins WHERE expires_at <= $1', [Date.now()], c);
        await pg.run('INSERT INTO viewer_logins (hash, token_id, expires_at) VALUES ($1, $2, $3)', [hash, tokenId, expiresAt], c);
      });
    },
    /** The live token behind this login, noting its use. */
    loginByHash: async (hash: string, now = Date.now()): Promise<TokenIdentity | null> =>
      used(
        await pg.row<Identified>(
          `SELECT t.id, t.label, t.role, t.last_used_at FROM viewer_logins l JOIN tokens t ON t.id = l.token_id
           WHERE l.hash = $1 AND l.expires_at > $2 AND t.revoked_at IS NULL`,
          [hash, now],
        ),
        now,
      ),
    async deleteLogin(hash: string): Promise<void> {
      await pg.run('DELETE FROM viewer_logins WHERE hash = $1', [hash]);
    },
    /** Whether a token with this hash exists, and whether it is revoked. */
    async tokenState(hash: string): Promise<'live' | 'revoked' | 'none'> {
      const row = await pg.row<{ revoked_at: number | null }>('SELECT revoked_at FROM tokens WHERE hash = $1', [hash]);
      return !row ? 'none' : row.revoked_at === null ? 'live' : 'revoked';
    },
    listTokens: async (): Promise<TokenInfo[]> => (await pg.rows<TokenRow>(`SELECT ${INFO} FROM tokens ORDER BY id`)).map(toInfo),
    async tokenById(id: number): Promise<TokenInfo | null> {
      const row = await pg.row<TokenRow>(`SELECT ${INFO} FROM tokens WHERE id = $1`, [id]);
      return row ? toInfo(row) : null;
    },
    /** Revokes the token and ends its logins at once (the rows go, not only the join's filter); null when there is none. */
    revokeToken: (id: number, at = Date.now()): Promise<TokenInfo | null> =>
      pg.tx(async (c) => {
        await pg.run('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id], c);
        await pg.run('DELETE FROM viewer_logins WHERE token_id = $1', [id], c);
        const row = await pg.row<TokenRow>(`SELECT ${INFO} FROM tokens WHERE id = $1`, [id], c);
        return row ? toInfo(row) : null;
      }),
    /** Live tokens made from EINBLICK_ADMIN_TOKEN whose secret is not `keepHash`. */
    envTokensOtherThan: async (keepHash: string): Promise<number[]> =>
      (await pg.rows<{ id: number }>('SELECT id FROM tokens WHERE from_env = 1 AND revoked_at IS NULL AND hash <> $1 ORDER BY id', [keepHash])).map((r) => r.id),
  } satisfies StoreNamespaces['tokens'];
}
