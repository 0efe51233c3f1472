// A database URL as the start banner, the CLI and errors show it: never with a password,
// wherever libpq lets the password be written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactedUrl } from '../../server/store/postgres/db.ts';

test('a database URL is shown without its password, in the userinfo or as a parameter', () => {
  assert.equal(redactedUrl('postgres://einblick:s3cret@db:5432/einblick'), 'postgres://einblick:***@db:5432/einblick');
  const shown = redactedUrl('postgresql://einblick@db/einblick?sslmode=require&password=s3cret&sslpassword=k3y');
  assert.ok(!shown.includes('s3cret') && !shown.includes('k3y'), shown);
  assert.match(shown, /sslmode=require/);
  assert.ok(!redactedUrl('not a url with s3cret').includes('s3cret'));
});
