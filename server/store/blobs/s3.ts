// The blob store on any S3-compatible object store: five REST calls over Node's fetch,
// signed with SigV4 by aws4fetch. Not the AWS SDK: it is large, and announces Node 22 for
// its releases after January 2027, while Einblick runs on Node 20.
import { createHash } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';
import type { BlobStore } from './blob-store.ts';
import type { S3Config } from './blob-config.ts';

export interface S3Options {
  /** Per attempt, response body included. */
  timeoutMs?: number;
  /** Attempts of one call on a 5xx, 429, timeout or network error (all five calls are idempotent). */
  attempts?: number;
  /** First wait between attempts; doubles each time, with jitter. */
  retryBaseMs?: number;
}

/** A call the store refused or could not answer: names the operation, bucket and status, never a credential. */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(message: string, readonly status: number | null, readonly code: string | null) {
    super(message);
  }
}

interface Reply { status: number; body: Buffer }

const DELETE_BATCH = 1000; // DeleteObjects' limit per request

// RFC 3986 per segment, as SigV4 canonicalizes it: the URL we send and the path aws4fetch
// signs then agree for every key, '+' and '!*()' included.
const encodeKey = (key: string): string =>
  key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

const xmlEscape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function xmlUnescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

/** The text of each element named `tag` (S3's XML has no attributes or CDATA where we read). */
const xmlAll = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => xmlUnescape(m[1]!));
const xmlOne = (xml: string, tag: string): string | null => xmlAll(xml, tag)[0] ?? null;

const md5 = (b: Buffer): string => createHash('md5').update(b).digest('base64');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function checkKey(key: string): void {
  // A '.' or '..' segment would be folded away by URL parsing: the object would land elsewhere.
  if (!key || key.split('/').some((s) => s === '.' || s === '..')) throw new Error(`not a blob key: ${JSON.stringify(key)}`);
}

export function s3BlobStore(config: S3Config, o: S3Options = {}): BlobStore {
  // A chunk's request waits on its put: at worst three attempts of 10 s, well inside the
  // recorder's patience, rather than a minute.
  const timeoutMs = o.timeoutMs ?? 10_000;
  const attempts = Math.max(1, o.attempts ?? 3);
  const retryBaseMs = o.retryBaseMs ?? 100;
  const { bucket, prefix } = config;
  // Path-style for any endpoint given (most S3-compatibles serve only that); AWS itself
  // is addressed virtual-hosted, its only style for new buckets.
  const base = config.endpoint ? `${config.endpoint}/${bucket}` : `https://${bucket}.s3.${config.region}.amazonaws.com`;
  const objectUrl = (key: string) => `${base}/${encodeKey(prefix + key)}`;
  const bucketUrl = (query: Record<string, string>) => {
    const q = new URLSearchParams(query).toString().replace(/=(&|$)/g, '$1');
    return `${base}${config.endpoint ? '' : '/'}?${q}`;
  };
  const location = `s3://${bucket}/${prefix}${config.endpoint ? ` at ${config.endpoint}` : ''}`;

  function failure(op: string, status: number | null, body: Buffer | null, cause?: unknown): S3Error {
    const xml = body?.toString('utf8') ?? '';
    const code = xmlOne(xml, 'Code');
    const message = xmlOne(xml, 'Message');
    const why = status === null
      ? `no answer (${cause instanceof Error ? (cause.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : causeOf(cause)) : String(cause)})`
      : `HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message.slice(0, 200)}` : ''}`;
    return new S3Error(`S3 ${op} on bucket ${bucket}${config.endpoint ? ` at ${config.endpoint}` : ''} failed: ${why}`, status, code);
  }

  /** One call, retried on what may pass; answers the final status and body, whatever it is. */
  async function call(op: string, method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      try {
        const signed = await new AwsV4Signer({
          // The body's SHA-256 is in the headers already: the signer need not hash it again.
          method, url, headers, service: 's3', region: config.region,
          accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
        }).sign();
        // Buffers are never shared memory; the view only tells the DOM types so.
        const payload = body ? { body: new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) } : {};
        const res = await fetch(signed.url, { method, headers: signed.headers, ...payload, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        const reply = { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
        if ((reply.status >= 500 || reply.status === 429) && attempt < attempts) {
          await sleep(backoff(attempt));
          continue;
        }
        return reply;
      } catch (err) {
        if (attempt < attempts) {
          await sleep(backoff(attempt));
          continue;
        }
        throw failure(op, null, null, err);
      }
    }
  }

  const backoff = (attempt: number) => retryBaseMs * 2 ** (attempt - 1) * (0.5 + Math.random());

  async function deleteBatch(keys: readonly string[]): Promise<void> {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Quiet>true</Quiet>${keys
      .map((k) => `<Object><Key>${xmlEscape(prefix + k)}</Key></Object>`)
      .join('')}</Delete>`;
    const body = Buffer.from(xml, 'utf8');
    const r = await call('DeleteObjects', 'POST', bucketUrl({ delete: '' }), { 'content-type': 'application/xml', 'content-md5': md5(body), 'x-amz-content-sha256': sha256(body) }, body);
    if (r.status !== 200) throw failure('DeleteObjects', r.status, r.body);
    // A 200 may still list keys it could not delete: one is enough to fail the call.
    const errors = r.body.toString('utf8').match(/<Error>[\s\S]*?<\/Error>/g) ?? [];
    if (errors.length) {
      const first = errors[0]!;
      throw new S3Error(`S3 DeleteObjects on bucket ${bucket} failed for ${errors.length} of ${keys.length} keys: ${xmlOne(first, 'Code') ?? 'unknown'}${xmlOne(first, 'Message') ? `: ${xmlOne(first, 'Message')}` : ''}`, 200, xmlOne(first, 'Code'));
    }
  }

  async function* list(under: string): AsyncIterable<string> {
    let token: string | null = null;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix: prefix + under, ...(token ? { 'continuation-token': token } : {}) };
      const r = await call('ListObjectsV2', 'GET', bucketUrl(query));
      if (r.status !== 200) throw failure('ListObjectsV2', r.status, r.body);
      const xml = r.body.toString('utf8');
      for (const key of xmlAll(xml, 'Key')) {
        if (key.startsWith(prefix)) yield key.slice(prefix.length);
      }
      token = xmlOne(xml, 'IsTruncated') === 'true' ? xmlOne(xml, 'NextContinuationToken') : null;
      if (xmlOne(xml, 'IsTruncated') === 'true' && !token) throw new S3Error(`S3 ListObjectsV2 on bucket ${bucket} failed: a truncated list without a continuation token`, 200, null);
    } while (token);
  }

  async function deleteKeys(keys: readonly string[]): Promise<void> {
    keys.forEach(checkKey);
    for (let i = 0; i < keys.length; i += DELETE_BATCH) await deleteBatch(keys.slice(i, i + DELETE_BATCH));
  }

  return {
    kind: 's3',
    location,

    async put(key, data) {
      checkKey(key);
      // Content-MD5 makes S3 (and every compatible store) refuse a body damaged on the way;
      // the signed SHA-256 makes AWS refuse it too.
      const r = await call('PutObject', 'PUT', objectUrl(key), { 'content-type': 'application/octet-stream', 'content-md5': md5(data), 'x-amz-content-sha256': sha256(data) }, data);
      if (r.status !== 200) throw failure('PutObject', r.status, r.body);
    },

    async get(key) {
      checkKey(key);
      const r = await call('GetObject', 'GET', objectUrl(key));
      if (r.status === 200) return r.body;
      // A missing key is an answer; a missing bucket is not.
      if (r.status === 404 && xmlOne(r.body.toString('utf8'), 'Code') !== 'NoSuchBucket') return null;
      throw failure('GetObject', r.status, r.body);
    },

    deleteKeys,

    async deletePrefix(under) {
      if (!under) throw new Error('deletePrefix needs a prefix: it would delete every blob');
      let found = 0;
      let batch: string[] = [];
      // Deleted as listed: a prefix of a million keys never sits in memory.
      for await (const key of list(under)) {
        batch.push(key);
        found++;
        if (batch.length === DELETE_BATCH) {
          await deleteBatch(batch);
          batch = [];
        }
      }
      if (batch.length) await deleteBatch(batch);
      return found;
    },

    list,

    async check() {
      const r = await call('HeadBucket', 'HEAD', `${base}${config.endpoint ? '' : '/'}`);
      if (r.status === 200) return;
      const meaning = { 301: 'the bucket is in another region (set AWS_REGION)', 400: 'bad request (check AWS_REGION)', 403: 'access denied (check the credentials and the bucket policy)', 404: 'no such bucket' }[r.status];
      throw new S3Error(`S3 HeadBucket on bucket ${bucket}${config.endpoint ? ` at ${config.endpoint}` : ''} failed: HTTP ${r.status}${meaning ? ` ${meaning}` : ''}`, r.status, null);
    },
  };
}

/** The innermost reason of a failed fetch ("ECONNREFUSED 127.0.0.1:9000"), not undici's "fetch failed". */
function causeOf(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return err.message;
}
