import type { Db } from './db.ts';
import type { Role, TokenInfo } from '../../contract/schemas/index.ts';

export interface TokenIdentity { id: number; label: string; role: Role }

/** lastUsedAt is written at most this often per token: a busy viewer must not write on every request. */
export const LAST_USED_GRANULARITY_MS = 60_000;

interface TokenRow { id: number; label: string; role: Role; created_at: number; last_used_at: number | null; revoked_at: number | null }

const toInfo = (r: TokenRow): TokenInfo => ({ id: r.id, label: r.label, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at });

export function tokensStore(db: Db) {
  const insert = db.prepare<[string, Role, string, number, number]>('INSERT INTO tokens (label, role, hash, created_at, from_env) VALUES (?, ?, ?, ?, ?)');
  const byHash = db.prepare<[string], TokenIdentity & { last_used_at: number | null }>('SELECT id, label, role, last_used_at FROM tokens WHERE hash = ? AND revoked_at IS NULL');
  const countAdmins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM tokens WHERE role = 'admin' AND revoked_at IS NULL");
  const insertLogin = db.prepare('INSERT INTO viewer_logins (hash, token_id, expires_at) VALUES (?, ?, ?)');
  const loginByHash = db.prepare<[string, number], TokenIdentity & { last_used_at: number | null }>(
    `SELECT t.id, t.label, t.role, t.last_used_at FROM viewer_logins l JOIN tokens t ON t.id = l.token_id
     WHERE l.hash = ? AND l.expires_at > ? AND t.revoked_at IS NULL`,
  );
  const deleteLogin = db.prepare('DELETE FROM viewer_logins WHERE hash = ?');
  const deleteExpired = db.prepare('DELETE FROM viewer_logins WHERE expires_at <= ?');
  const list = db.prepare<[], TokenRow>('SELECT id, label, role, created_at, last_used_at, revoked_at FROM tokens ORDER BY id');
  const byId = db.prepare<[number], TokenRow>('SELECT id, label, role, created_at, last_used_at, revoked_at FROM tokens WHERE id = ?');
  const revoke = db.prepare<[number, number]>('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const deleteLoginsOf = db.prepare<[number]>('DELETE FROM viewer_logins WHERE token_id = ?');
  const touch = db.prepare<[number, number, number]>('UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)');
  const stateByHash = db.prepare<[string], { revoked_at: number | null }>('SELECT revoked_at FROM tokens WHERE hash = ?');
  const envTokens = db.prepare<[string], { id: number }>('SELECT id FROM tokens WHERE from_env = 1 AND revoked_at IS NULL AND hash <> ?');

  /** A token's logins end with it: the rows go, not only the join's filter. */
  const revokeToken = db.transaction((id: number, at: number): TokenInfo | null => {
    revoke.run(at, id);
    deleteLoginsOf.run(id);
    const row = byId.get(id);
    return row ? toInfo(row) : null;
  });

  /** Notes a use; cheap because the row is written at most once per LAST_USED_GRANULARITY_MS. */
  function used(row: (TokenIdentity & { last_used_at: number | null }) | undefined, now: number): TokenIdentity | null {
    if (!row) return null;
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_GRANULARITY_MS) touch.run(now, row.id, now - LAST_USED_GRANULARITY_MS);
    return { id: row.id, label: row.label, role: row.role };
  }

  return {
    insertToken(hash: string, role: Role, label: string, fromEnv = false): void {
      insert.run(label, role, hash, Date.now(), fromEnv ? 1 : 0);
    },
    /** The live token with this hash, noting its use. */
    tokenByHash: (hash: string, now = Date.now()): TokenIdentity | null => used(byHash.get(hash), now),
    activeAdminCount: (): number => countAdmins.get()?.n ?? 0,
    insertLogin(hash: string, tokenId: number, expiresAt: number): void {
      deleteExpired.run(Date.now());
      insertLogin.run(hash, tokenId, expiresAt);
    },
    /** The live token behind this login, noting its use. */
    loginByHash: (hash: string, now = Date.now()): TokenIdentity | null => used(loginByHash.get(hash, now), now),
    deleteLogin(hash: string): void {
      deleteLogin.run(hash);
    },
    /** Whether a token with this hash exists, and whether it is revoked. */
    tokenState(hash: string): 'live' | 'revoked' | 'none' {
      const row = stateByHash.get(hash);
      return !row ? 'none' : row.revoked_at === null ? 'live' : 'revoked';
    },
    listTokens: (): TokenInfo[] => list.all().map(toInfo),
    tokenById: (id: number): TokenInfo | null => {
      const row = byId.get(id);
      return row ? toInfo(row) : null;
    },
    /** Revokes the token and ends its logins at once; answers the token as it is now, or null when there is none. */
    revokeToken: (id: number, at = Date.now()): TokenInfo | null => revokeToken(id, at),
    /** Live tokens made from EINBLICK_ADMIN_TOKEN whose secret is not `keepHash`. */
    envTokensOtherThan: (keepHash: string): number[] => envTokens.all(keepHash).map((r) => r.id),
  };
}
