// Every node must hash customer ids with the same key (EINBLICK_SECRET_KEY), or a lookup
// by customer id on one node misses what another stored. The database keeps a fingerprint
// of the key, never the key: a copy of the database alone still cannot reverse the hashes.
import { createHmac } from 'node:crypto';
import type { Pg } from './db.ts';

export class SecretMismatchError extends Error {
  override name = 'SecretMismatchError';
}

export const fingerprintOf = (secret: Buffer): string => createHmac('sha256', secret).update('einblick secret fingerprint v1').digest('hex');

export async function adoptSecret(pg: Pg, secret: Buffer): Promise<void> {
  const mine = fingerprintOf(secret);
  await pg.run('INSERT INTO secret_fingerprint (one, fingerprint, created_at) VALUES (1, $1, $2) ON CONFLICT (one) DO NOTHING', [mine, Date.now()]);
  const kept = await pg.row<{ fingerprint: string }>('SELECT fingerprint FROM secret_fingerprint WHERE one = 1');
  if (kept?.fingerprint !== mine) {
    throw new SecretMismatchError('EINBLICK_SECRET_KEY is not the key this database was started with: every node must use the same value (the other nodes\' EINBLICK_SECRET_KEY).');
  }
}
