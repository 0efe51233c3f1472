// The key of the customer-id hashes on PostgreSQL: nodes started with the same settings
// hash alike, whether EINBLICK_SECRET_KEY is set or not, and a node with another key
// refuses to start rather than write hashes no lookup would find.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { freshPgDatabase, pgSkipReason } from '../helpers/postgres.ts';
import { openPostgresStore } from '../../server/store/postgres/index.ts';
import { SecretMismatchError } from '../../server/store/postgres/secret-fingerprint.ts';

const skip = await pgSkipReason();

test('without EINBLICK_SECRET_KEY every node reads the one key the first made; another key is refused', { skip }, async () => {
  const db = await freshPgDatabase('secret');
  try {
    const [a, b] = await Promise.all([openPostgresStore(db.url, undefined), openPostgresStore(db.url, undefined)]);
    assert.ok(a.secret.length >= 32);
    assert.ok(a.secret.equals(b.secret), 'both nodes hash with the same key');
    await Promise.all([a.close(), b.close()]);
    const same = await openPostgresStore(db.url, a.secret);
    await same.close();
    await assert.rejects(openPostgresStore(db.url, randomBytes(32)), SecretMismatchError);
  } finally {
    await db.drop();
  }
});

test('with EINBLICK_SECRET_KEY only its fingerprint is kept, never the key; a node without it is refused', { skip }, async () => {
  const db = await freshPgDatabase('secret');
  try {
    const key = randomBytes(32);
    const a = await openPostgresStore(db.url, key);
    assert.ok(a.secret.equals(key));
    await a.close();
    const direct = await openPostgresStore(db.url, key);
    await direct.close();
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const kept = await client.query('SELECT count(*)::int AS n FROM kept_secret');
    const text = JSON.stringify((await client.query('SELECT * FROM secret_fingerprint')).rows);
    await client.end();
    assert.equal(kept.rows[0].n, 0, 'no key in the database');
    assert.ok(!text.includes(key.toString('base64')) && !text.includes(key.toString('hex')), 'the fingerprint is not the key');
    await assert.rejects(openPostgresStore(db.url, undefined), SecretMismatchError, 'a node started without the key would make hashes of another');
  } finally {
    await db.drop();
  }
});
