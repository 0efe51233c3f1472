import type { Db } from './db.ts';
import type { Role } from '../schemas.ts';

export interface TokenIdentity { id: number; label: string; role: Role }

export function tokensStore(db: Db) {
  const insert = db.prepare('INSERT INTO tokens (label, role, hash, created_at) VALUES (?, ?, ?, ?)');
  const byHash = db.prepare<[string], TokenIdentity>('SELECT id, label, role FROM tokens WHERE hash = ? AND revoked_at IS NULL');
  const countAdmins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM tokens WHERE role = 'admin' AND revoked_at IS NULL");
  const insertLogin = db.prepare('INSERT INTO viewer_logins (hash, token_id, expires_at) VALUES (?, ?, ?)');
  const loginByHash = db.prepare<[string, number], TokenIdentity>(
    `SELECT t.id, t.label, t.role FROM viewer_logins l JOIN tokens t ON t.id = l.token_id
     WHERE l.hash = ? AND l.expires_at > ? AND t.revoked_at IS NULL`,
  );
  const deleteLogin = db.prepare('DELETE FROM viewer_logins WHERE hash = ?');
  const deleteExpired = db.prepare('DELETE FROM viewer_logins WHERE expires_at <= ?');

  return {
    insertToken(hash: string, role: Role, label: string): void {
      insert.run(label, role, hash, Date.now());
    },
    tokenByHash: (hash: string): TokenIdentity | null => byHash.get(hash) ?? null,
    activeAdminCount: (): number => countAdmins.get()?.n ?? 0,
    insertLogin(hash: string, tokenId: number, expiresAt: number): void {
      deleteExpired.run(Date.now());
      insertLogin.run(hash, tokenId, expiresAt);
    },
    loginByHash: (hash: string): TokenIdentity | null => loginByHash.get(hash, Date.now()) ?? null,
    deleteLogin(hash: string): void {
      deleteLogin.run(hash);
    },
  };
}
