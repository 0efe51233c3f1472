// Every node must hash customer ids with the same key, or a lookup by customer id on one
// node misses what another stored. With EINBLICK_SECRET_KEY (the way to run it) the database
// keeps a fingerprint of the key, never the key, so a copy of the database alone cannot test
// customer ids against their hashes. Without it the nodes share a key kept in the database:
// the same settings still serve the same data, and the start says what that costs.
import { createHmac, randomBytes } from 'node:crypto';
import type { Pg } from './db.ts';

export class SecretMismatchError extends Error {
  override name = 'SecretMismatchError';
}

export const fingerprintOf = (secret: Buffer): string => createHmac('sha256', secret).update('einblick secret fingerprint v1').digest('hex');

/** The key the nodes share when none was given: made by the first node to ask, read by the others. */
export async function keptSecret(pg: Pg): Promise<Buffer> {
  await pg.run('INSERT INTO kept_secret (one, secret, created_at) VALUES (1, $1, $2) ON CONFLICT (one) DO NOTHING', [randomBytes(32).toString('base64'), Date.now()]);
  const kept = await pg.row<{ secret: string }>('SELECT secret FROM kept_secret WHERE one = 1');
  return Buffer.from(kept!.secret, 'base64');
}

export async function adoptSecret(pg: Pg, secret: Buffer): Promise<void> {
  const mine = fingerprintOf(secret);
  await pg.run('INSERT INTO secret_fingerprint (one, fingerprint, created_at) VALUES (1, $1, $2) ON CONFLICT (one) DO NOTHING', [mine, Date.now()]);
  const kept = await pg.row<{ fingerprint: string }>('SELECT fingerprint FROM secret_fingerprint WHERE one = 1');
  if (kept?.fingerprint !== mine) {
    throw new SecretMismatchError("this database's customer-id hashes were made with another key: start every node with the EINBLICK_SECRET_KEY they were made with (the other nodes' value, or the one migrate --to postgres printed).");
  }
}
