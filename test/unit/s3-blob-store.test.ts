// The S3 blob store against a real S3-compatible server (s3rver): what it stores reads
// back byte for byte, lists and deletes reach past one page, a prefix stays a fence, and
// a failure says what failed without the secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startS3, type TestS3 } from '../helpers/s3.ts';
import { blobStoreFromEnv, type S3Config } from '../../server/store/blobs/blob-config.ts';
import { s3BlobStore, type S3Options } from '../../server/store/blobs/s3.ts';
import type { BlobStore } from '../../server/store/blobs/blob-store.ts';

let s3: TestS3;
before(async () => {
  s3 = await startS3();
});
after(() => s3.close());

const storeOf = (env: Record<string, string> = {}, o: S3Options = {}): BlobStore => s3BlobStore(blobStoreFromEnv({ ...s3.env, ...env })!, { retryBaseMs: 1, ...o });
const all = async (it: AsyncIterable<string>): Promise<string[]> => {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out;
};
async function inParallel<T>(items: T[], width: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

test('binary data reads back byte for byte; a missing key is null', async () => {
  const store = storeOf();
  const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)]);
  await store.put('round/trip.gz', data);
  assert.deepEqual(await store.get('round/trip.gz'), data);
  assert.equal(await store.get('round/never-put.gz'), null);
  await store.put('round/empty', Buffer.alloc(0));
  assert.deepEqual(await store.get('round/empty'), Buffer.alloc(0));
});

test('a list of 1100 keys is read past the first page, and deletePrefix deletes all of them (two batches)', async () => {
  const store = storeOf();
  const keys = Array.from({ length: 1100 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
  await inParallel(keys, 32, (k) => store.put(k, Buffer.from(k)));
  assert.deepEqual(await all(store.list('many/')), keys);
  assert.equal(await store.deletePrefix('many/'), 1100);
  assert.deepEqual(await all(store.list('many/')), []);
});

test('deletePrefix removes exactly that prefix, and deleteKeys exactly those keys', async () => {
  const store = storeOf();
  for (const k of ['fence/a/1', 'fence/a/2', 'fence/ab/1', 'fence/b/1', 'fence/b/2']) await store.put(k, Buffer.from(k));
  assert.equal(await store.deletePrefix('fence/a/'), 2);
  assert.deepEqual(await all(store.list('fence/')), ['fence/ab/1', 'fence/b/1', 'fence/b/2']);
  await store.deleteKeys(['fence/b/1', 'fence/b/never-there']);
  assert.deepEqual(await all(store.list('fence/')), ['fence/ab/1', 'fence/b/2']);
  await store.deleteKeys([]);
  await assert.rejects(store.deletePrefix(''), /needs a prefix/);
});

test('a prefix in BLOB_STORE_URL is put before every key and fences list and delete', async () => {
  const root = storeOf();
  const tenant = storeOf({ BLOB_STORE_URL: `s3://${s3.bucket}/tenant/one/` });
  await root.put('chunks/outside', Buffer.from('not the tenant'));
  await tenant.put('chunks/inside', Buffer.from('tenant'));
  assert.deepEqual(await all(root.list('tenant/')), ['tenant/one/chunks/inside']);
  assert.deepEqual(await all(tenant.list('chunks/')), ['chunks/inside']);
  assert.deepEqual(await tenant.get('chunks/inside'), Buffer.from('tenant'));
  assert.equal(await tenant.get('chunks/outside'), null);
  assert.equal(await tenant.deletePrefix('chunks/'), 1);
  assert.deepEqual(await root.get('chunks/outside'), Buffer.from('not the tenant'));
  assert.match(tenant.location, /^s3:\/\/einblick-test\/tenant\/one\/ at http:\/\/127\.0\.0\.1:\d+$/);
});

test('keys with session-id characters and odd ones are stored, listed and deleted under their own name', async () => {
  const store = storeOf();
  const keys = ['odd/Ab_9-zZ/00000001-ff.gz', 'odd/a+b', 'odd/a b', "odd/!*'()", 'odd/&<>"', 'odd/ümlaut€', 'odd/x%2Fy', 'odd/tilde~=;:,@$'];
  for (const k of keys) await store.put(k, Buffer.from(k));
  for (const k of keys) assert.deepEqual(await store.get(k), Buffer.from(k), k);
  assert.deepEqual((await all(store.list('odd/'))).sort(), [...keys].sort());
  await store.deleteKeys(keys);
  assert.deepEqual(await all(store.list('odd/')), []);
  await assert.rejects(store.put('odd/../escape', Buffer.from('x')), /not a blob key/);
});

test('a wrong bucket is a clear error, not a missing blob', async () => {
  const store = storeOf({ BLOB_STORE_URL: 's3://no-such-bucket' });
  await assert.rejects(store.check(), /S3 HeadBucket on bucket no-such-bucket at http:\/\/127\.0\.0\.1:\d+ failed: HTTP 404 no such bucket/);
  await assert.rejects(store.get('chunks/x'), /S3 GetObject on bucket no-such-bucket .*HTTP 404 NoSuchBucket/);
  await assert.rejects(store.put('chunks/x', Buffer.from('x')), /S3 PutObject on bucket no-such-bucket .*HTTP 404 NoSuchBucket/);
  await storeOf().check();
});

// s3rver checks the access key but, unlike S3, not the SigV4 signature itself.
test('an unknown access key is refused, and the error never holds the secret', async () => {
  const secret = 'wrong-secret-0123456789abcdef';
  const store = storeOf({ AWS_ACCESS_KEY_ID: 'AKIANOTAKEY', AWS_SECRET_ACCESS_KEY: secret });
  const err = await store.put('chunks/x', Buffer.from('x')).then(() => null, (e: unknown) => e as Error);
  assert.ok(err, 'a request with an unknown key must fail');
  assert.match(err.message, /S3 PutObject on bucket einblick-test .*HTTP 403 InvalidAccessKeyId/);
  assert.ok(!err.message.includes(secret) && !(err.stack ?? '').includes(secret));
  await assert.rejects(store.check(), /HTTP 403 access denied/);
});

// A stand-in for a store's failures s3rver cannot show: it answers what the test says.
async function withServer(handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void, run: (config: S3Config) => Promise<void>): Promise<void> {
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const p of req) parts.push(p as Buffer);
    handle(req, Buffer.concat(parts), res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await run(blobStoreFromEnv({ ...s3.env, AWS_ENDPOINT_URL_S3: endpoint })!);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('a put carries the body checksums a store verifies, path-style, and resolves only on 200', async () => {
  const data = randomBytes(5000);
  let seen: { url: string; md5: string; sha: string; bodyMd5: string; bodySha: string } | null = null;
  await withServer((req, body, res) => {
    seen = {
      url: req.url ?? '', md5: String(req.headers['content-md5']), sha: String(req.headers['x-amz-content-sha256']),
      bodyMd5: createHash('md5').update(body).digest('base64'), bodySha: createHash('sha256').update(body).digest('hex'),
    };
    res.writeHead(400, { 'content-type': 'application/xml' }).end('<Error><Code>BadDigest</Code><Message>The Content-MD5 you specified did not match</Message></Error>');
  }, async (config) => {
    await assert.rejects(s3BlobStore(config).put('chunks/s/1-ab.gz', data), /S3 PutObject .* HTTP 400 BadDigest: The Content-MD5/);
  });
  assert.ok(seen);
  const s = seen as { url: string; md5: string; sha: string; bodyMd5: string; bodySha: string };
  assert.equal(s.url, '/einblick-test/chunks/s/1-ab.gz');
  assert.equal(s.md5, s.bodyMd5);
  assert.equal(s.sha, s.bodySha);
});

test('5xx answers are retried a bounded number of times; a 4xx is not', async () => {
  let calls = 0;
  await withServer((_req, _body, res) => {
    calls++;
    res.writeHead(calls < 3 ? 503 : 200).end(calls < 3 ? '<Error><Code>SlowDown</Code></Error>' : 'late but whole');
  }, async (config) => {
    assert.deepEqual(await s3BlobStore(config, { retryBaseMs: 1 }).get('k'), Buffer.from('late but whole'));
  });
  assert.equal(calls, 3);
  calls = 0;
  await withServer((_req, _body, res) => {
    calls++;
    res.writeHead(500).end('<Error><Code>InternalError</Code><Message>We encountered an internal error</Message></Error>');
  }, async (config) => {
    await assert.rejects(s3BlobStore(config, { retryBaseMs: 1, attempts: 3 }).put('k', Buffer.from('x')), /S3 PutObject .* HTTP 500 InternalError/);
  });
  assert.equal(calls, 3);
  calls = 0;
  await withServer((_req, _body, res) => {
    calls++;
    res.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
  }, async (config) => {
    await assert.rejects(s3BlobStore(config, { retryBaseMs: 1 }).get('k'), /HTTP 403 AccessDenied/);
  });
  assert.equal(calls, 1);
});

test('a store that never answers times out, each attempt, and the error says so', async () => {
  let calls = 0;
  await withServer(() => {
    calls++; // and never answer
  }, async (config) => {
    const started = Date.now();
    await assert.rejects(s3BlobStore(config, { timeoutMs: 100, attempts: 2, retryBaseMs: 1 }).get('k'), /S3 GetObject on bucket einblick-test .* failed: no answer \(timed out after 100 ms\)/);
    assert.ok(Date.now() - started < 2000);
  });
  assert.equal(calls, 2);
});

test('a DeleteObjects answer listing failed keys fails the call', async () => {
  await withServer((req, body, res) => {
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/einblick-test?delete');
    assert.equal(req.headers['content-md5'], createHash('md5').update(body).digest('base64'));
    res.writeHead(200).end('<DeleteResult><Error><Key>a</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>');
  }, async (config) => {
    await assert.rejects(s3BlobStore(config).deleteKeys(['a', 'b']), /DeleteObjects on bucket einblick-test failed for 1 of 2 keys: AccessDenied/);
  });
});

test('BLOB_STORE_URL and the AWS variables: unset is null, mistakes are one clear line', () => {
  const creds = { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'shh-secret' };
  assert.equal(blobStoreFromEnv({}), null);
  assert.equal(blobStoreFromEnv({ BLOB_STORE_URL: '', ...creds }), null);
  assert.deepEqual(blobStoreFromEnv({ BLOB_STORE_URL: 's3://my-bucket//a/b/', AWS_REGION: 'eu-central-1', ...creds, AWS_ENDPOINT_URL_S3: '' }), {
    bucket: 'my-bucket', prefix: 'a/b/', endpoint: null, region: 'eu-central-1', accessKeyId: 'AKIA', secretAccessKey: 'shh-secret', sessionToken: null,
  });
  assert.equal(blobStoreFromEnv({ BLOB_STORE_URL: 's3://b-1', AWS_ENDPOINT_URL_S3: 'http://minio:9000/', ...creds })?.endpoint, 'http://minio:9000');
  assert.equal(blobStoreFromEnv({ BLOB_STORE_URL: 's3://b-1', AWS_ENDPOINT_URL: 'http://minio:9000', ...creds })?.region, 'us-east-1');
  const bad: [Record<string, string>, RegExp][] = [
    [{ BLOB_STORE_URL: 'https://bucket/x', ...creds, AWS_REGION: 'eu-west-1' }, /BLOB_STORE_URL must look like s3:\/\/BUCKET/],
    [{ BLOB_STORE_URL: 's3://Bad_Bucket', ...creds, AWS_REGION: 'eu-west-1' }, /bucket name must be 3-63 lowercase/],
    [{ BLOB_STORE_URL: 's3://AKIA:shh-secret@bucket', ...creds, AWS_REGION: 'eu-west-1' }, /must not hold credentials/],
    [{ BLOB_STORE_URL: 's3://bucket/../up', ...creds, AWS_REGION: 'eu-west-1' }, /the prefix may hold only/],
    [{ BLOB_STORE_URL: 's3://bucket', AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIA' }, /needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/],
    [{ BLOB_STORE_URL: 's3://bucket', ...creds }, /needs AWS_REGION/],
    [{ BLOB_STORE_URL: 's3://my.bucket', ...creds, AWS_REGION: 'eu-west-1' }, /dots needs path-style requests: set AWS_ENDPOINT_URL_S3=https:\/\/s3\.eu-west-1\.amazonaws\.com/],
    [{ BLOB_STORE_URL: 's3://bucket', ...creds, AWS_ENDPOINT_URL_S3: 'ftp://x' }, /AWS_ENDPOINT_URL_S3 must be an http\(s\) URL/],
    [{ BLOB_STORE_URL: 's3://bucket', ...creds, AWS_ENDPOINT_URL_S3: 'https://AKIA:shh-secret@minio:9000' }, /AWS_ENDPOINT_URL_S3 must not hold credentials/],
  ];
  for (const [env, message] of bad) {
    assert.throws(() => blobStoreFromEnv(env), (err: Error) => {
      assert.match(err.message, message);
      assert.match(err.message, /^Invalid configuration: [^\n]+$/);
      assert.ok(!err.message.includes('shh-secret'), err.message);
      return true;
    });
  }
});
